

func.func @softmax_lengths_on_vector(%x: tensor<?xf32>, %len: tensor<?xi32>) {
  // expected-error @+1 {{input-rank: masked input [batch or queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.softmax %x lengths %len : (tensor<?xf32>, tensor<?xi32>) -> tensor<?xf32>
  return
}

