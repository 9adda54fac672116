

func.func @div_shapes_do_not_broadcast(%len: tensor<8xi32>, %f: tensor<3xi32>) {
  // expected-error @+1 {{broadcast: shapes [8] and [3] do not broadcast at dim 0: expected 8 or 1, got 3}}
  %0 = asr.div %len, %f : (tensor<8xi32>, tensor<3xi32>) -> tensor<8xi32>
  return
}

