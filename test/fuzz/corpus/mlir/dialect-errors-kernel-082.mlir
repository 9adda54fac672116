

func.func @fused_attention_dot_key_heads_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x8x?x64xf32>) {
  // expected-error @+1 {{heads: query dim 1 (heads, 1 to broadcast) vs key dim 1: expected 1 or 8, got 6}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x6x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

