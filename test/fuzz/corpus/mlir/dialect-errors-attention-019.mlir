

// has_bias says q and v have biases; the second one (v's) has the wrong size.
func.func @multi_head_attention_value_bias_size(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>, %bad: tensor<512xf32>) {
  // expected-error @+1 {{bias-size: bias of projection 2 size: expected 384, got 512}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %bad) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

