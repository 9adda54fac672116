

func.func @conv1d_input_channels_not_divisible_by_groups(%x: tensor<?x?x80xf32>, %w: tensor<384x20x3xf32>) {
  // expected-error @+1 {{groups: input channels must divide by groups: expected a multiple of 3, got 80}}
  %0 = asr.conv1d %x, %w {groups = 3 : i64} : (tensor<?x?x80xf32>, tensor<384x20x3xf32>) -> tensor<?x?x384xf32>
  return
}

