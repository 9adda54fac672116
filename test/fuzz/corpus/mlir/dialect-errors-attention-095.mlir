

func.func @content_attention_in_features_mismatch(%h: tensor<?x?x256xf32>, %w: tensor<1x512xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{in-features: w dim 1 vs the input's features: expected 256, got 512}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x512xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

