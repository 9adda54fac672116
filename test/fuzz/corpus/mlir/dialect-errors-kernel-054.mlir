

func.func @attention_score_dot_key_rank(%q: tensor<?x64xf32>, %k: tensor<64xf32>) {
  // expected-error @+1 {{key-rank: key [..., keys, dim] must have rank >= 2: expected rank >= 2, got rank 1 [64]}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x64xf32>, tensor<64xf32>) -> tensor<?xf32>
  return
}

