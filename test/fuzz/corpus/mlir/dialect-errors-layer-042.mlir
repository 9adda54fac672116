

func.func @linear_weight_element_type(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xbf16>) -> tensor<?x?x1536xf32>
  return
}

