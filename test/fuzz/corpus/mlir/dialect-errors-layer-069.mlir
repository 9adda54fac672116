

func.func @lstm_reverse_w_hh_rank(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %rwhh: tensor<4x256x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: reverse w_hh [gates*hidden, hidden] must have rank 2: expected rank 2, got rank 3 [4, 256, 256]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %rwhh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<4x256x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  return
}

