

func.func @conv1d_bias_size_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<80xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 384, got 80}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<80xf32>) -> tensor<?x?x384xf32>
  return
}

