

func.func @fused_attention_additive_scaled(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{additive-scale: additive scores are not scaled: expected 1, got 0.5}}
  %0 = asr.fused_attention additive %q, %k, %h v %v {scale = 5.000000e-01 : f32} : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}
