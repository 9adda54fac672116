

func.func @update_slice_result_has_update_shape(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x448x384xf32>', got 'tensor<?x1x384xf32>'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
  return
}

