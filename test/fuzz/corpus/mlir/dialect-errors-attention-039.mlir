

func.func @additive_attention_v_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf16>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

