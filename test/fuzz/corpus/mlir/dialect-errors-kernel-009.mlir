

func.func @gelu_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = "asr.gelu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

