

func.func @update_slice_update_rank(%cache: tensor<?x448x384xf32>, %k: tensor<?x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{update-rank: update (same rank as dest) must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

