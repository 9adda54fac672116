

func.func @gru_cell_wrong_result_batch(%x: tensor<2x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x128xf32>', got 'tensor<4x128xf32>'}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<2x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<4x128xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.frame_concat, asr.subsample_lengths
//===----------------------------------------------------------------------===//

