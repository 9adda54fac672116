

func.func @gru_cell_dynamic_hidden_size(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x?xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: cell w_hh dim 1 (hidden size) must be static}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x?xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

