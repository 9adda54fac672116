

func.func @gru_cell_state_batch_mismatch(%x: tensor<2x64xf32>, %h: tensor<3x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{batch: state dim 0 (batch): expected 2, got 3}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<2x64xf32>, tensor<3x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<2x128xf32>
  return
}

