

func.func @linear_integer_weight(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xi32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1536x384xi32>'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xi32>) -> tensor<?x?x1536xf32>
  return
}

