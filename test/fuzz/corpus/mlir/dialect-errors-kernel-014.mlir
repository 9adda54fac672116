

func.func @sub_shapes_do_not_broadcast(%x: tensor<8x50xf32>, %y: tensor<4x50xf32>) {
  // expected-error @+1 {{broadcast: shapes [8, 50] and [4, 50] do not broadcast at dim 0: expected 8 or 1, got 4}}
  %0 = asr.sub %x, %y : (tensor<8x50xf32>, tensor<4x50xf32>) -> tensor<8x50xf32>
  return
}

