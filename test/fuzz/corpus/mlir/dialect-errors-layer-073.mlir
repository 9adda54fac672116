

func.func @lstm_in_features_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x40xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: forward w_ih dim 1 (in features): expected 80, got 40}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x40xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

