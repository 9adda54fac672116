

func.func @conv2d_weight_rank(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in/groups, kh, kw] must have rank 4: expected rank 4, got rank 3 [144, 1, 3]}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

