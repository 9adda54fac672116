

func.func @content_attention_two_scores_per_frame(%h: tensor<?x?x256xf32>, %w: tensor<2x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{score-count: w dim 0 (one score per frame): expected 1, got 2}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<2x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

