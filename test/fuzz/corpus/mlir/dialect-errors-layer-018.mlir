

func.func @conv1d_bias_rank(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<1x384xf32>) {
  // expected-error @+1 {{bias-size: bias must have rank 1: expected rank 1, got rank 2 [1, 384]}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<1x384xf32>) -> tensor<?x?x384xf32>
  return
}

