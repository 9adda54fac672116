

func.func @gru_wrong_time_dim(%x: tensor<?x100x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x100x256xf32>', got 'tensor<?x50x256xf32>'}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x100x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x50x256xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.lstm_cell, asr.gru_cell
//===----------------------------------------------------------------------===//

