

func.func @weighted_sum_values_rank(%p: tensor<?x1x?xf32>, %v: tensor<512xf32>) {
  // expected-error @+1 {{values-rank: values [..., keys, dim] must have rank >= 2: expected rank >= 2, got rank 1 [512]}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x?xf32>, tensor<512xf32>) -> tensor<?x1x512xf32>
  return
}

