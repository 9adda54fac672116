

func.func @update_slice_float_position(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf32>, %pos: tensor<?xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xf32>) -> tensor<?x448x384xf32>
  return
}

