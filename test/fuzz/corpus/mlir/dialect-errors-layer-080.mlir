

func.func @gru_lengths_batch_mismatch(%x: tensor<2x?x80xf32>, %len: tensor<3xi64>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.gru %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<2x?x80xf32>, tensor<3xi64>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x?x256xf32>
  return
}

