

func.func @log_mel_fft_shorter_than_window(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-fft: n_fft must be even and hold the window: expected an even size >= 400, got 256}}
  %0 = asr.log_mel kaldi %a {n_fft = 256 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

