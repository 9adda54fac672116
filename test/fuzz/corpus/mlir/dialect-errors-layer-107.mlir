

func.func @gru_cell_state_hidden_mismatch(%x: tensor<?x64xf32>, %h: tensor<?x256xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: state dim 1 (hidden): expected 128, got 256}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

