

func.func @additive_attention_alignment_over_features(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x512xf32>'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x512xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.location_attention
//===----------------------------------------------------------------------===//

