

func.func @additive_attention_keys_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xbf16>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xbf16>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

