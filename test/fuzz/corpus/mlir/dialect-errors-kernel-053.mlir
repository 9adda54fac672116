

func.func @attention_score_dot_query_rank(%q: tensor<64xf32>, %k: tensor<?x64xf32>) {
  // expected-error @+1 {{query-rank: query [..., queries, dim] must have rank >= 2: expected rank >= 2, got rank 1 [64]}}
  %0 = asr.attention_score dot %q, %k : (tensor<64xf32>, tensor<?x64xf32>) -> tensor<?xf32>
  return
}

