

func.func @fused_attention_additive_value_keys_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x100x128xf32>, %h: tensor<?x200x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{keys: value dim 1 vs key dim 1 (keys): expected 100, got 200}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x100x128xf32>, tensor<?x200x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

