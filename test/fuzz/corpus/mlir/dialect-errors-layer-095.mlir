

func.func @lstm_cell_state_rank(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x1x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{state-rank: state [batch, hidden] must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x1x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

