

func.func @lstm_reverse_in_features_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %rwih: tensor<1024x40xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: reverse w_ih dim 1 (in features): expected 80, got 40}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%rwih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x40xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  return
}

