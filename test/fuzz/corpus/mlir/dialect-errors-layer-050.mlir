

func.func @layer_norm_scalar_input(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.layer_norm %x, %g, %g : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

