

func.func @conv2d_zero_stride(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{stride: stride must be > 0, got 0}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2, 0>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x?xf32>
  return
}

