

func.func @feed_forward_scalar_input(%x: tensor<f32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<f32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<384xf32>
  return
}

