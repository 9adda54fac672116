

func.func @log_mel_float_lengths(%a: tensor<2x?xf32>, %len: tensor<2xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = asr.log_mel whisper %a lengths %len : (tensor<2x?xf32>, tensor<2xf32>) -> tensor<2x?x80xf32>
  return
}

