

func.func @conv2d_in_channels_mismatch(%x: tensor<?x1x?x80xf32>, %w: tensor<144x144x3x3xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 1, got 144}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x144x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

