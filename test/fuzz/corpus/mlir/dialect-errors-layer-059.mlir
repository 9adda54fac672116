

func.func @batch_norm_wrong_result_type(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x144xf32>', got 'tensor<?x144xf32>'}}
  %0 = asr.batch_norm %x, %p, %p, %p, %p : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x144xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.lstm, asr.gru
//===----------------------------------------------------------------------===//

