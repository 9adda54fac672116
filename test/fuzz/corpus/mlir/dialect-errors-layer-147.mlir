

func.func @feed_forward_b2_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>, %b2: tensor<1536xf32>) {
  // expected-error @+1 {{bias-size: b2 size: expected 384, got 1536}}
  %0 = asr.feed_forward relu %x, %w1, %w2 bias %b2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>, tensor<1536xf32>) -> tensor<?x?x384xf32>
  return
}

