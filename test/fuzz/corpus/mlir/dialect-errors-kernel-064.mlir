

func.func @attention_score_additive_v_size(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{attention-dim: v size: expected 128, got 64}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<64xf32>) -> tensor<?x1x?xf32>
  return
}

