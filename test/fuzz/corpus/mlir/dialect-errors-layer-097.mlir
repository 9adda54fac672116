

func.func @lstm_cell_state_hidden_mismatch(%x: tensor<?x320xf32>, %h: tensor<?x512xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{hidden-size: state dim 1 (hidden): expected 256, got 512}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x512xf32>, tensor<?x512xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

