

func.func @gru_reverse_hidden_size_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>, %rwih: tensor<384x80xf32>, %rwhh: tensor<384x128xf32>, %rb: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: reverse hidden size: expected 256, got 128}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%rwih, %rwhh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<384x80xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

