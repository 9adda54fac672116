

func.func @feed_forward_hidden_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x2048xf32>) {
  // expected-error @+1 {{hidden-size: w2 dim 1 vs w1 dim 0 (hidden size): expected 1536, got 2048}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x2048xf32>) -> tensor<?x?x384xf32>
  return
}

