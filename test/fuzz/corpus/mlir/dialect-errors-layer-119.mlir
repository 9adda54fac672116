

func.func @subsample_lengths_float(%len: tensor<?xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64} : tensor<?xf32>
  return
}

