

func.func @fused_attention_probs_over_value_dim(%q: tensor<?x1x128xf32>, %k: tensor<?x100x128xf32>, %h: tensor<?x100x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x1x100xf32>', got 'tensor<?x1x512xf32>'}}
  %0:2 = asr.fused_attention additive %q, %k, %h v %v {return_probs} : (tensor<?x1x128xf32>, tensor<?x100x128xf32>, tensor<?x100x512xf32>, tensor<128xf32>) -> (tensor<?x1x512xf32>, tensor<?x1x512xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.transpose
//===----------------------------------------------------------------------===//

