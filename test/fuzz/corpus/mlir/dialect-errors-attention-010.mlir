

func.func @multi_head_attention_bias_count_vs_flags(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{bias-count: has_bias says 3 biases: expected 3 bias tensors, got 4}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b, %b) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

