

func.func @conv2d_padding_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{padding: padding must be [height, width]: expected 2 values, got 3}}
  %0 = asr.conv2d %x, %w {padding = array<i64: 1, 1, 1>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x80xf32>
  return
}

