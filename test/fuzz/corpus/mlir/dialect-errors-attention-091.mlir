

func.func @content_attention_input_rank(%h: tensor<?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 256]}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

