

func.func @luong_attention_general_without_weight(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{mode-weight: general mode needs a weight [query features, key features]: expected one, got none}}
  %0:2 = asr.luong_attention general %s, %h : (tensor<?x256xf32>, tensor<?x?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

