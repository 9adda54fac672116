

func.func @conv1d_integer_input(%x: tensor<?x?x80xi32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?x80xi32>'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xi32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

