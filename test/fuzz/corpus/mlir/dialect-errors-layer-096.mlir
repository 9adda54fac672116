

func.func @lstm_cell_state_batch_mismatch(%x: tensor<4x320xf32>, %h: tensor<4x256xf32>, %c: tensor<8x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{batch: state dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<4x320xf32>, tensor<4x256xf32>, tensor<8x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<4x256xf32>, tensor<4x256xf32>)
  return
}

