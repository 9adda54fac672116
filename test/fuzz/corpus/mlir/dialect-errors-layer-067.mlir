

func.func @lstm_reverse_two_weights(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-count: reverse weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 2}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>) -> tensor<?x?x512xf32>
  return
}

