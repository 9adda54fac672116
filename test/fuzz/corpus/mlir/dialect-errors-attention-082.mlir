

func.func @luong_attention_weight_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x512xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xbf16>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

