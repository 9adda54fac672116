

func.func @fused_attention_dot_with_v(%q: tensor<?x6x?x64xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got v}}
  %0 = asr.fused_attention dot %q, %q, %q v %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x64xf32>
  return
}

