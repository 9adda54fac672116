

func.func @conv1d_input_shorter_than_kernel(%x: tensor<?x2x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{output-length: input of 2 frames is shorter than the kernel span: expected at least 3, got 2}}
  %0 = asr.conv1d %x, %w : (tensor<?x2x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

