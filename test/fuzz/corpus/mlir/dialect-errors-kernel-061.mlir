

func.func @attention_score_additive_attention_dim_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: key dim 2 vs query dim 2: expected 128, got 64}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x64xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

