

func.func @log_mel_whisper_too_short(%a: tensor<?x200xf32>) {
  // expected-error @+1 {{input-length: reflect padding needs more than n_fft / 2 samples: expected at least 201, got 200}}
  %0 = asr.log_mel whisper %a : (tensor<?x200xf32>) -> tensor<?x1x80xf32>
  return
}

