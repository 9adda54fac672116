

func.func @conv2d_zero_dilation(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{dilation: dilation must be > 0, got 0}}
  %0 = asr.conv2d %x, %w {dilation = array<i64: 0, 1>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

