

func.func @lstm_cell_w_hh_rank(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: cell w_hh [gates*hidden, hidden] must have rank 2: expected rank 2, got rank 1 [1024]}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

