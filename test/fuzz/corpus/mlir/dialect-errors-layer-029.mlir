

func.func @conv2d_dilation_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{dilation: dilation must be [height, width]: expected 2 values, got 0}}
  %0 = asr.conv2d %x, %w {dilation = array<i64>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

