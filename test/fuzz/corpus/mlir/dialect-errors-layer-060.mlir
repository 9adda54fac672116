

func.func @lstm_input_rank(%x: tensor<?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 80]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

