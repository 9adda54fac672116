

func.func @conv2d_zero_kernel_width(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x0xf32>) {
  // expected-error @+1 {{kernel: weight dim 3 (kernel size) must be > 0, got 0}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3x0xf32>) -> tensor<?x144x?x?xf32>
  return
}

