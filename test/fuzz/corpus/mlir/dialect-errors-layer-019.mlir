

func.func @conv1d_zero_kernel(%x: tensor<?x100x80xf32>, %w: tensor<384x80x0xf32>) {
  // expected-error @+1 {{kernel: weight dim 2 (kernel size) must be > 0, got 0}}
  %0 = asr.conv1d %x, %w : (tensor<?x100x80xf32>, tensor<384x80x0xf32>) -> tensor<?x?x384xf32>
  return
}

