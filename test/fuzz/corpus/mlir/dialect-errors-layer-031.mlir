

func.func @conv2d_negative_padding(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -2}}
  %0 = asr.conv2d %x, %w {padding = array<i64: -2, 0>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

