

func.func @multi_head_attention_weight_element_type(%x: tensor<?x?x384xf16>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f16', got 'f32'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf16>, tensor<?x?x384xf16>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf16>
  return
}

