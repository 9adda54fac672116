

func.func @sdpa_value_rank(%q: tensor<?x?x384xf32>, %v: tensor<?x384xf32>) {
  // expected-error @+1 {{value-rank: value [batch, keys, heads*dim] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x384xf32>) -> tensor<?x?x384xf32>
  return
}

