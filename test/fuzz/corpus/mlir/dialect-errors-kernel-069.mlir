

func.func @weighted_sum_probs_rank(%p: tensor<?xf32>, %v: tensor<?x?x512xf32>) {
  // expected-error @+1 {{probs-rank: probs [..., queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.weighted_sum %p, %v : (tensor<?xf32>, tensor<?x?x512xf32>) -> tensor<?x512xf32>
  return
}

