

func.func @feed_forward_in_features_mismatch(%x: tensor<?x?x256xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{in-features: w1 dim 1 (in features) vs the input's last dim: expected 256, got 384}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x256xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

