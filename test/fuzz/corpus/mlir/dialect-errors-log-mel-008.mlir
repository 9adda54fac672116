

func.func @log_mel_high_freq_past_nyquist(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{mel-range: expected 0 <= low_freq < high_freq <= 8000 (sample_rate / 2), got low_freq 0, high_freq 9000}}
  %0 = asr.log_mel whisper %a {high_freq = 9000.0 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

