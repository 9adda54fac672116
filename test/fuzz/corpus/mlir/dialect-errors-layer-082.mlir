

func.func @gru_input_rank(%x: tensor<?x?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 4 [?, ?, ?, 80]}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

