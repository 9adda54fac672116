

func.func @log_mel_zero_hop(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{hop-length: hop_length must be > 0, got 0}}
  %0 = asr.log_mel kaldi %a {hop_length = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

