

func.func @softmax_scalar_input(%x: tensor<f32>) {
  // expected-error @+1 {{input-rank: input must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.softmax %x : (tensor<f32>) -> tensor<f32>
  return
}

