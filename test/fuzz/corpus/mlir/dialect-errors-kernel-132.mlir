

func.func @update_slice_update_longer_than_dest(%cache: tensor<?x448x384xf32>, %k: tensor<?x449x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{update-length: update is longer than dest along dim 1: expected at most 448, got 449}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x449x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

