

func.func @softmax_both_masks_rank2(%x: tensor<?x?xf32>, %len: tensor<?xi32>) {
  // expected-error @+1 {{input-rank: input with padding and causal masks [batch, ..., queries, keys] must have rank >= 3: expected rank >= 3, got rank 2 [?, ?]}}
  %0 = asr.softmax %x lengths %len {causal} : (tensor<?x?xf32>, tensor<?xi32>) -> tensor<?x?xf32>
  return
}

