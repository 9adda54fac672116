

func.func @feed_forward_w2_element_type(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xbf16>) -> tensor<?x?x384xf32>
  return
}

