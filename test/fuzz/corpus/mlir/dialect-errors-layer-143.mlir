

func.func @feed_forward_b2_element_type(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>, %b2: tensor<384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 bias %b2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>, tensor<384xf16>) -> tensor<?x?x384xf32>
  return
}

