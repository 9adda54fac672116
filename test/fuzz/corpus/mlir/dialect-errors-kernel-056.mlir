

func.func @attention_score_dot_heads_do_not_broadcast(%q: tensor<?x6x?x64xf32>, %k: tensor<?x4x?x64xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [?, 6] and [?, 4] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x4x?x64xf32>) -> tensor<?x6x?x?xf32>
  return
}

