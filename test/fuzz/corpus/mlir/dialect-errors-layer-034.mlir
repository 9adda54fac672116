

func.func @conv2d_output_channels_not_divisible_by_groups(%x: tensor<?x4x?x80xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{groups: weight dim 0 (output channels) must divide by groups: expected a multiple of 4, got 6}}
  %0 = asr.conv2d %x, %w {groups = 4 : i64} : (tensor<?x4x?x80xf32>, tensor<6x1x3x3xf32>) -> tensor<?x6x?x78xf32>
  return
}

