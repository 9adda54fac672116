

func.func @log_mel_odd_fft(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-fft: n_fft must be even and hold the window: expected an even size >= 401, got 401}}
  %0 = asr.log_mel whisper %a {n_fft = 401 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

