

func.func @conv1d_output_channels_not_divisible_by_groups(%x: tensor<?x?x144xf32>, %w: tensor<100x1x31xf32>) {
  // expected-error @+1 {{groups: weight dim 0 (output channels) must divide by groups: expected a multiple of 144, got 100}}
  %0 = asr.conv1d %x, %w {groups = 144 : i64} : (tensor<?x?x144xf32>, tensor<100x1x31xf32>) -> tensor<?x?x100xf32>
  return
}

