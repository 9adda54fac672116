

func.func @linear_unranked_input(%x: tensor<*xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = asr.linear %x, %w : (tensor<*xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
  return
}

