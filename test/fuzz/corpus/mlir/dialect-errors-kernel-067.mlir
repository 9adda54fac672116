

func.func @attention_score_additive_result_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x?xf32>', got 'tensor<?x?xf32>'}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?xf32>
  return
}

