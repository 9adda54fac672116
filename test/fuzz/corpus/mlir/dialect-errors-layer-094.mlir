

func.func @lstm_cell_in_features_mismatch(%x: tensor<?x64xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: cell w_ih dim 1 (in features): expected 64, got 320}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

