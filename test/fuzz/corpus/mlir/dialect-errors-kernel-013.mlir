

func.func @add_shapes_do_not_broadcast(%x: tensor<?x?x384xf32>, %y: tensor<512xf32>) {
  // expected-error @+1 {{broadcast: shapes [?, ?, 384] and [512] do not broadcast at dim 2: expected 384 or 1, got 512}}
  %0 = asr.add %x, %y : (tensor<?x?x384xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

