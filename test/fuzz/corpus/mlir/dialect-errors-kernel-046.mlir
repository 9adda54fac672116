

func.func @softmax_float_lengths(%s: tensor<?x6x?x?xf32>, %len: tensor<?xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.softmax %s lengths %len : (tensor<?x6x?x?xf32>, tensor<?xf32>) -> tensor<?x6x?x?xf32>
  return
}

