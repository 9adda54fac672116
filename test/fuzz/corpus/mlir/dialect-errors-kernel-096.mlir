

func.func @fused_attention_additive_without_v(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{additive-v: additive scores need the vector v [attention]: expected one, got none}}
  %0 = asr.fused_attention additive %q, %k, %h : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
  return
}

