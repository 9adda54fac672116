

func.func @conv1d_depthwise_in_channels_mismatch(%x: tensor<?x?x144xf32>, %w: tensor<144x2x31xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 1, got 2}}
  %0 = asr.conv1d %x, %w {groups = 144 : i64} : (tensor<?x?x144xf32>, tensor<144x2x31xf32>) -> tensor<?x?x144xf32>
  return
}

