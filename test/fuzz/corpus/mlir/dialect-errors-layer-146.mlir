

func.func @feed_forward_b1_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %b1: tensor<384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{bias-size: b1 size: expected 1536, got 384}}
  %0 = asr.feed_forward relu %x, %w1 bias %b1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

