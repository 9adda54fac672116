

func.func @fused_attention_additive_attention_dim_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x?x256xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: key dim 2 vs query dim 2: expected 128, got 256}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x256xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

