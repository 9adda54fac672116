

func.func @linear_bias_element_type(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>, %b: tensor<1536xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.linear %x, %w bias %b : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf16>) -> tensor<?x?x1536xf32>
  return
}

