

func.func @log_mel_preemphasis_range(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{preemphasis: expected a coefficient in [0, 1], got 1.5}}
  %0 = asr.log_mel kaldi %a {preemphasis = 1.5 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

