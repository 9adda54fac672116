

func.func @update_slice_features_mismatch(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x64xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{dims: update dim 2: expected 384, got 64}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x64xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

