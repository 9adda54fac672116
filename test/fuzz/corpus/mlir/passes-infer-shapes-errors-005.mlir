

// Cross-attention over an encoder output whose width the pass has just
// made static.
func.func @cross_attention_key_features_after_refinement(%q: tensor<?x?x384xf32>, %h: tensor<?x?x80xf32>) -> tensor<?x?x384xf32> {
  %we = asr.weight "encoder.proj.weight" : tensor<512x80xf32>
  %w = asr.weight "attn.weight" : tensor<384x384xf32>
  %enc = asr.linear %h, %we : (tensor<?x?x80xf32>, tensor<512x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{in-features: wk dim 1 vs key_value's features: expected 512, got 384}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x?xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return %0 : tensor<?x?x384xf32>
}
