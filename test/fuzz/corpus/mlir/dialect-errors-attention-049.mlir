

func.func @additive_attention_query_features_mismatch(%s: tensor<?x320xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-features: w_query dim 1 vs the query's features: expected 320, got 256}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x320xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

