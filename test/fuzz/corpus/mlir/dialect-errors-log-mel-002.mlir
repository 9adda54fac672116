

func.func @log_mel_zero_mels(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-mels: n_mels must be > 0, got 0}}
  %0 = asr.log_mel whisper %a {n_mels = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?x0xf32>
  return
}

