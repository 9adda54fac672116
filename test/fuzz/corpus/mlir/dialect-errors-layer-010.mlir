

func.func @conv1d_negative_padding(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -1}}
  %0 = asr.conv1d %x, %w {padding = -1 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

