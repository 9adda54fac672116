

func.func @feed_forward_w2_rank(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536x1xf32>) {
  // expected-error @+1 {{weight-rank: w2 [out, hidden] must have rank 2: expected rank 2, got rank 3 [384, 1536, 1]}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536x1xf32>) -> tensor<?x?x384xf32>
  return
}

