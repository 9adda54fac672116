

func.func @content_attention_weight_rank(%h: tensor<?x?x256xf32>, %w: tensor<256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{weight-rank: w [1, features] must have rank 2: expected rank 2, got rank 1 [256]}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

