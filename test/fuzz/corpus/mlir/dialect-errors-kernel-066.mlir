

func.func @attention_score_additive_scaled(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{additive-scale: additive scores are not scaled: expected 1, got 0.125}}
  %0 = asr.attention_score additive %q, %k v %v {scale = 0.125 : f32} : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

