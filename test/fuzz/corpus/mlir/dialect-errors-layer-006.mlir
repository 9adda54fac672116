

func.func @conv1d_weight_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80x3xf16>) -> tensor<?x?x384xf32>
  return
}

