

func.func @attention_score_additive_query_rank(%q: tensor<?x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: projected query [batch, queries, attention] must have rank 3: expected rank 3, got rank 2 [?, 128]}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?xf32>
  return
}

