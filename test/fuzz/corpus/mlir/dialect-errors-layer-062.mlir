

func.func @lstm_float_lengths(%x: tensor<?x?x80xf32>, %len: tensor<?xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

