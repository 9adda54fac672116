

func.func @attention_score_additive_without_v(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>) {
  // expected-error @+1 {{additive-v: additive scores need the vector v [attention]: expected one, got none}}
  %0 = asr.attention_score additive %q, %k : (tensor<?x1x128xf32>, tensor<?x?x128xf32>) -> tensor<?x1x?xf32>
  return
}

