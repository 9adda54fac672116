

func.func @fused_attention_additive_bias_size(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{attention-dim: bias size: expected 128, got 512}}
  %0 = asr.fused_attention additive %q, %k, %h v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>, tensor<512xf32>) -> tensor<?x1x512xf32>
  return
}

