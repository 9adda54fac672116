

func.func @gru_cell_given_lstm_weights(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<512x64xf32>, %whh: tensor<512x128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{gate-size: cell w_hh dim 0 (3 x hidden): expected 384, got 512}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<512x64xf32>, tensor<512x128xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x128xf32>
  return
}

