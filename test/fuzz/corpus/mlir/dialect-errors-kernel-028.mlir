

func.func @glu_result_not_halved(%x: tensor<?x?x288xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x144xf32>', got 'tensor<?x?x288xf32>'}}
  %0 = asr.glu %x : (tensor<?x?x288xf32>) -> tensor<?x?x288xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.matmul
//===----------------------------------------------------------------------===//

