

func.func @lstm_cell_state_element_type(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x256xf16>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf16>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

