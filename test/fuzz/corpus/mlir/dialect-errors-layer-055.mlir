

func.func @batch_norm_scalar_input(%x: tensor<f32>, %p: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1}}
  %0 = asr.batch_norm %x, %p, %p, %p, %p : (tensor<f32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

