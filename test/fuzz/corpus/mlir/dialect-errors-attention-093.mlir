

func.func @content_attention_bias_element_type(%h: tensor<?x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf16>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

