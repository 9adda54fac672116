

func.func @luong_attention_dot_with_weight(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %w: tensor<256x256xf32>) {
  // expected-error @+1 {{mode-weight: dot mode takes no weight: expected none, got one}}
  %0:2 = asr.luong_attention dot %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<256x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

