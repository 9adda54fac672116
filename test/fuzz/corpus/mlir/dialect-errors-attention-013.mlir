

// Cross-attention whose key projection expects the decoder's width instead
// of the encoder's.
func.func @multi_head_attention_wk_in_features(%q: tensor<?x?x384xf32>, %enc: tensor<?x?x512xf32>, %w: tensor<384x384xf32>, %wv: tensor<384x512xf32>) {
  // expected-error @+1 {{in-features: wk dim 1 vs key_value's features: expected 512, got 384}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %wv, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

