

func.func @residual_broadcast_conflict_after_refinement(%x: tensor<2x7x80xf32>, %r: tensor<2x7x32xf32>) -> tensor<?x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %0 = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{broadcast: shapes [2, 7, 16] and [2, 7, 32] do not broadcast at dim 2: expected 16 or 1, got 32}}
  %1 = asr.add %0, %r : (tensor<?x?x?xf32>, tensor<2x7x32xf32>) -> tensor<?x?x?xf32>
  return %1 : tensor<?x?x?xf32>
}

