
// Shape rules of asr.log_mel: one case per rule, named after what is wrong.

func.func @log_mel_rank(%a: tensor<?x?x2xf32>) {
  // expected-error @+1 {{input-rank: samples [batch, samples] must have rank 2: expected rank 2, got rank 3 [?, ?, 2]}}
  %0 = asr.log_mel whisper %a : (tensor<?x?x2xf32>) -> tensor<?x?x80xf32>
  return
}

