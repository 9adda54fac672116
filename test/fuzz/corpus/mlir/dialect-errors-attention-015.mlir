

func.func @multi_head_attention_qk_features_mismatch(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wk: tensor<256x384xf32>) {
  // expected-error @+1 {{qk-features: wk dim 0 vs wq dim 0: expected 384, got 256}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %wk, %w, %w) {num_heads = 4 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<256x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

