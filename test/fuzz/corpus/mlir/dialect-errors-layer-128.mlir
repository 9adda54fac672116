

func.func @learned_position_input_rank(%x: tensor<?x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.learned_position %x, %t : (tensor<?x384xf32>, tensor<448x384xf32>) -> tensor<?x384xf32>
  return
}

