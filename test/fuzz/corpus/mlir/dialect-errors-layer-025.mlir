

func.func @conv2d_weight_element_type(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf16>) -> tensor<?x144x?x78xf32>
  return
}

