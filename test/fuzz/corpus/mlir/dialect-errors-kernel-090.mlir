

func.func @fused_attention_dot_head_dim_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x32xf32>) {
  // expected-error @+1 {{head-dim: key dim 3 vs query dim 3: expected 64, got 32}}
  %0 = asr.fused_attention dot %q, %k, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x32xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

