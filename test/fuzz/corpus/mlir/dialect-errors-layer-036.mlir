

func.func @conv2d_bias_size_mismatch(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>, %b: tensor<80xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 144, got 80}}
  %0 = asr.conv2d %x, %w bias %b : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<80xf32>) -> tensor<?x144x?x78xf32>
  return
}

