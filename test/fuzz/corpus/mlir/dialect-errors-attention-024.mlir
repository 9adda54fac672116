

func.func @sdpa_key_rank(%q: tensor<?x?x384xf32>, %k: tensor<?x384xf32>, %v: tensor<?x?x384xf32>) {
  // expected-error @+1 {{key-rank: key [batch, keys, heads*dim] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

