

func.func @embedding_wrong_result_features(%tok: tensor<?x?xi32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x51865xf32>'}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xi32>, tensor<51865x384xf32>) -> tensor<?x?x51865xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.feed_forward
//===----------------------------------------------------------------------===//

