

func.func @content_attention_bias_size(%h: tensor<?x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<256xf32>) {
  // expected-error @+1 {{bias-size: b size: expected 1, got 256}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

