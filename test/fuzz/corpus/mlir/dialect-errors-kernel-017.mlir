

func.func @max_shapes_do_not_broadcast(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>) {
  // expected-error @+1 {{broadcast: shapes [2, 3] and [3, 2] do not broadcast at dim 1: expected 3 or 1, got 2}}
  %0 = asr.max %x, %y : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return
}

