

func.func @fused_attention_additive_query_rank(%q: tensor<?x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: projected query [batch, queries, attention] must have rank 3: expected rank 3, got rank 2 [?, 128]}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x512xf32>
  return
}

