

func.func @gru_cell_input_rank(%x: tensor<64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{input-rank: input [batch, features] must have rank 2: expected rank 2, got rank 1 [64]}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

