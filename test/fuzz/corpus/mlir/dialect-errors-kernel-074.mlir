

func.func @weighted_sum_result_has_keys(%p: tensor<?x6x?x1500xf32>, %v: tensor<?x6x1500x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x64xf32>', got 'tensor<?x6x?x1500xf32>'}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x6x?x1500xf32>, tensor<?x6x1500x64xf32>) -> tensor<?x6x?x1500xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.fused_attention
//===----------------------------------------------------------------------===//

