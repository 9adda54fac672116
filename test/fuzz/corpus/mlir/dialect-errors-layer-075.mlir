

func.func @lstm_b_hh_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %bad: tensor<768xf32>) {
  // expected-error @+1 {{gate-size: forward b_hh size: expected 1024, got 768}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %bad) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

