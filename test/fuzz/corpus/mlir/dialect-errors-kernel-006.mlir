

func.func @neg_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.neg %x : tensor<?x?xi64>
  return
}

