

func.func @lstm_lengths_batch_mismatch(%x: tensor<8x?x80xf32>, %len: tensor<4xi32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 8, got 4}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<8x?x80xf32>, tensor<4xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<8x?x256xf32>
  return
}

