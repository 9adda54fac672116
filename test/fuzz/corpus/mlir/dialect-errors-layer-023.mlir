

func.func @conv2d_input_rank(%x: tensor<?x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{input-rank: input [batch, channels, height, width] must have rank 4: expected rank 4, got rank 3 [?, ?, 80]}}
  %0 = asr.conv2d %x, %w : (tensor<?x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

