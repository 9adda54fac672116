

func.func @conv1d_bias_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<384xbf16>) -> tensor<?x?x384xf32>
  return
}

