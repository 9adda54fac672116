

func.func @log_mel_negative_sample_rate(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{sample-rate: sample_rate must be > 0, got -16000}}
  %0 = asr.log_mel whisper %a {sample_rate = -16000 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

