

func.func @conv2d_input_channels_not_divisible_by_groups(%x: tensor<?x6x?x80xf32>, %w: tensor<8x2x3x3xf32>) {
  // expected-error @+1 {{groups: input channels must divide by groups: expected a multiple of 4, got 6}}
  %0 = asr.conv2d %x, %w {groups = 4 : i64} : (tensor<?x6x?x80xf32>, tensor<8x2x3x3xf32>) -> tensor<?x8x?x78xf32>
  return
}

