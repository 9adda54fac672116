

func.func @lstm_w_ih_rank(%x: tensor<?x?x80xf32>, %wih: tensor<1024xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: forward w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 1 [1024]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

