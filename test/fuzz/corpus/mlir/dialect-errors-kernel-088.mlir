

func.func @fused_attention_dot_value_heads_mismatch(%q: tensor<?x6x?x64xf32>, %v: tensor<?x1x?x64xf32>) {
  // expected-error @+1 {{heads: value dim 1 (heads): expected 6, got 1}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x1x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

