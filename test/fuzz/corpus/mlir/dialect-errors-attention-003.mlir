

func.func @multi_head_attention_bias_element_type(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xbf16>) -> tensor<?x?x384xf32>
  return
}

