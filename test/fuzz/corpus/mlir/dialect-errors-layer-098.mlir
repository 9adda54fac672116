

func.func @lstm_cell_wrong_cell_state_result(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x256xf32>', got 'tensor<?x1024xf32>'}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x1024xf32>)
  return
}

