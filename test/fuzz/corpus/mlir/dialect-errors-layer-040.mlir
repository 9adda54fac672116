

func.func @linear_scalar_input(%x: tensor<f32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{input-rank: input [..., in] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.linear %x, %w : (tensor<f32>, tensor<1536x384xf32>) -> tensor<1536xf32>
  return
}

