

func.func @lstm_cell_dynamic_hidden_size(%x: tensor<?x320xf32>, %h: tensor<?x?xf32>, %wih: tensor<?x320xf32>, %whh: tensor<?x?xf32>, %b: tensor<?xf32>) {
  // expected-error @+1 {{hidden-size: cell w_hh dim 1 (hidden size) must be static}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x320xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return
}

