

func.func @attention_score_dot_with_bias(%q: tensor<?x6x?x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got bias}}
  %0 = asr.attention_score dot %q, %q bias %b : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x?xf32>
  return
}

