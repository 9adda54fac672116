

func.func @gru_w_ih_rank(%x: tensor<?x?x80xf32>, %wih: tensor<3x256x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{weight-rank: forward w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 3 [3, 256, 80]}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<3x256x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

