

func.func @fused_attention_dot_value_batch_mismatch(%q: tensor<2x6x?x64xf32>, %v: tensor<3x6x?x64xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 2, got 3}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<3x6x?x64xf32>) -> tensor<2x6x?x64xf32>
  return
}

