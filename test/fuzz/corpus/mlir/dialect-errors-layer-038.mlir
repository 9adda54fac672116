

func.func @conv2d_features_shorter_than_kernel(%x: tensor<?x1x?x2xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{output-length: input dim 3 is shorter than the kernel span: expected at least 3, got 2}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x2xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x?xf32>
  return
}

