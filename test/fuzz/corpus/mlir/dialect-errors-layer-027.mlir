

func.func @conv2d_stride_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{stride: stride must be [height, width]: expected 2 values, got 1}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

