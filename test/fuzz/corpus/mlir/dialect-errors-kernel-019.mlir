

func.func @mul_unranked(%x: tensor<*xf32>, %y: tensor<384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<*xf32>'}}
  %0 = asr.mul %x, %y : (tensor<*xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

