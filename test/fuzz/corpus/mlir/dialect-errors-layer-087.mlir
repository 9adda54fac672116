

func.func @gru_in_features_mismatch(%x: tensor<?x?x40xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{in-features: forward w_ih dim 1 (in features): expected 40, got 80}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x40xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

