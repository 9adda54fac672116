

func.func @log_mel_f16(%a: tensor<?x?xf16>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<?x?xf16>'}}
  %0 = asr.log_mel whisper %a : (tensor<?x?xf16>) -> tensor<?x?x80xf32>
  return
}

