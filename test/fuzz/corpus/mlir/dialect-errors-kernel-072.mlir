

func.func @weighted_sum_batch_does_not_broadcast(%p: tensor<4x6x?x?xf32>, %v: tensor<2x6x?x64xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [4, 6] and [2, 6] do not broadcast at dim 0: expected 4 or 1, got 2}}
  %0 = asr.weighted_sum %p, %v : (tensor<4x6x?x?xf32>, tensor<2x6x?x64xf32>) -> tensor<4x6x?x64xf32>
  return
}

