

func.func @lstm_lengths_rank(%x: tensor<?x?x80xf32>, %len: tensor<?x1xi32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 2 [?, 1]}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?x1xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

