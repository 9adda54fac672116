

func.func @attention_score_dot_with_v(%q: tensor<?x6x?x64xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got v}}
  %0 = asr.attention_score dot %q, %q v %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x?xf32>
  return
}

