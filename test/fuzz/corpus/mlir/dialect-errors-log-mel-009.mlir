

// high_freq <= 0 counts from the Nyquist frequency (4000 at 8 kHz).
func.func @log_mel_empty_mel_range(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{mel-range: expected 0 <= low_freq < high_freq <= 4000 (sample_rate / 2), got low_freq 3500, high_freq 3000}}
  %0 = asr.log_mel kaldi %a {sample_rate = 8000 : i64, low_freq = 3500.0 : f32, high_freq = -1000.0 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

