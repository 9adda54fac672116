

func.func @attention_score_additive_bias_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>, %b: tensor<1x128xf32>) {
  // expected-error @+1 {{attention-dim: bias must have rank 1: expected rank 1, got rank 2 [1, 128]}}
  %0 = asr.attention_score additive %q, %k v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>, tensor<1x128xf32>) -> tensor<?x1x?xf32>
  return
}

