

func.func @softmax_causal_vector(%x: tensor<?xf32>) {
  // expected-error @+1 {{input-rank: masked input [batch or queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.softmax %x {causal} : (tensor<?xf32>) -> tensor<?xf32>
  return
}

