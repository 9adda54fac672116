

func.func @feed_forward_w1_rank(%x: tensor<?x?x384xf32>, %w1: tensor<1536xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{weight-rank: w1 [hidden, in] must have rank 2: expected rank 2, got rank 1 [1536]}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

