

func.func @attention_score_dot_head_dim_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x32xf32>) {
  // expected-error @+1 {{head-dim: key's last dim vs query's last dim: expected 64, got 32}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x32xf32>) -> tensor<?x6x?x?xf32>
  return
}

