

func.func @gru_cell_w_ih_rank(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{weight-rank: cell w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 1 [384]}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

