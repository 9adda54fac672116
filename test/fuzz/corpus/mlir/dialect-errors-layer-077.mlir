

func.func @lstm_reverse_hidden_size_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %rwih: tensor<512x80xf32>, %rwhh: tensor<512x128xf32>, %rb: tensor<512xf32>) {
  // expected-error @+1 {{hidden-size: reverse hidden size: expected 256, got 128}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%rwih, %rwhh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<512x80xf32>, tensor<512x128xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

