

func.func @sdpa_query_rank(%q: tensor<?x6x?x64xf32>, %k: tensor<?x?x384xf32>) {
  // expected-error @+1 {{query-rank: query [batch, queries, heads*dim] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 64]}}
  %0 = asr.sdpa %q, %k, %k {num_heads = 6 : i64} : (tensor<?x6x?x64xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

