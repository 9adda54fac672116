

func.func @lstm_bidirectional_result_not_doubled(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x512xf32>', got 'tensor<?x?x256xf32>'}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

