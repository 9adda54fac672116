

func.func @attention_score_additive_key_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x6x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-rank: projected key [batch, keys, attention] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 128]}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x6x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

