

func.func @conv2d_bias_element_type(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>, %b: tensor<144xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv2d %x, %w bias %b : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<144xf16>) -> tensor<?x144x?x78xf32>
  return
}

