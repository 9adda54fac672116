

func.func @lstm_w_ih_gate_size(%x: tensor<?x?x80xf32>, %wih: tensor<512x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{gate-size: forward w_ih dim 0 (4 x hidden): expected 1024, got 512}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<512x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

