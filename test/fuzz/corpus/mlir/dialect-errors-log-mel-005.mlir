

func.func @log_mel_zero_window(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{win-length: win_length must be > 0, got 0}}
  %0 = asr.log_mel kaldi %a {win_length = 0 : i64, n_fft = 512 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

