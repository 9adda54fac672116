

// The default has_bias says all four projections have a bias.
func.func @multi_head_attention_missing_biases(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{bias-count: has_bias says 4 biases: expected 4 bias tensors, got 0}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

