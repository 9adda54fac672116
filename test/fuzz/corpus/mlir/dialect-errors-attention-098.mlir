

func.func @content_attention_alignment_over_features(%h: tensor<?x100x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x256xf32>'}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x100x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}
