

func.func @log_mel_kaldi_too_short(%a: tensor<?x399xf32>) {
  // expected-error @+1 {{input-length: one frame needs win_length samples: expected at least 400, got 399}}
  %0 = asr.log_mel kaldi %a : (tensor<?x399xf32>) -> tensor<?x0x80xf32>
  return
}

