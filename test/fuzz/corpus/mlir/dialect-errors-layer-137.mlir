

func.func @embedding_float_tokens(%tok: tensor<?x?xf32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?x?xf32>'}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xf32>, tensor<51865x384xf32>) -> tensor<?x?x384xf32>
  return
}

