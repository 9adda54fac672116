

func.func @linear_wrong_result_rank(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1536xf32>', got 'tensor<?x1536xf32>'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x1536xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.layer_norm, asr.batch_norm
//===----------------------------------------------------------------------===//

