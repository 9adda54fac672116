

func.func @lstm_cell_gate_size(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %bad: tensor<1000xf32>) {
  // expected-error @+1 {{gate-size: cell b_hh size: expected 1024, got 1000}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %bad) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1000xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

