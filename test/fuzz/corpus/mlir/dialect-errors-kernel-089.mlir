

func.func @fused_attention_dot_value_keys_mismatch(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x448x64xf32>, %v: tensor<?x6x447x64xf32>) {
  // expected-error @+1 {{keys: value dim 2 vs key dim 2 (keys): expected 448, got 447}}
  %0 = asr.fused_attention dot %q, %k, %v : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>, tensor<?x6x447x64xf32>) -> tensor<?x6x1x64xf32>
  return
}

