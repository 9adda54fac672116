

func.func @conv1d_in_channels_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x40x3xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 80, got 40}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x40x3xf32>) -> tensor<?x?x384xf32>
  return
}

