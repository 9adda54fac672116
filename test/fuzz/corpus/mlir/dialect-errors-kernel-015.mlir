

func.func @mul_shapes_do_not_broadcast(%x: tensor<?x6x?x?xf32>, %m: tensor<?x4x1x?xf32>) {
  // expected-error @+1 {{broadcast: shapes [?, 6, ?, ?] and [?, 4, 1, ?] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.mul %x, %m : (tensor<?x6x?x?xf32>, tensor<?x4x1x?xf32>) -> tensor<?x6x?x?xf32>
  return
}

