

func.func @fused_attention_dot_query_rank(%q: tensor<?x?x384xf32>, %k: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{query-rank: query [batch, heads, queries, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x?x384xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

