

func.func @conv1d_zero_stride(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{stride: stride must be > 0, got 0}}
  %0 = asr.conv1d %x, %w {stride = 0 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

