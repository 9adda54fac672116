

func.func @gru_reverse_five_weights(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{weight-count: reverse weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 5}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %b, %b, %b) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x512xf32>
  return
}

