

func.func @update_slice_batch_mismatch(%cache: tensor<4x448x384xf32>, %k: tensor<2x1x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{dims: update dim 0: expected 4, got 2}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<4x448x384xf32>, tensor<2x1x384xf32>, tensor<?xi32>) -> tensor<4x448x384xf32>
  return
}

