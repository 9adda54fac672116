

func.func @gru_cell_in_features_mismatch(%x: tensor<?x32xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{in-features: cell w_ih dim 1 (in features): expected 32, got 64}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x32xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

