

func.func @learned_position_wrong_result_type(%x: tensor<?x1x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x384xf32>', got 'tensor<?x448x384xf32>'}}
  %0 = asr.learned_position %x, %t : (tensor<?x1x384xf32>, tensor<448x384xf32>) -> tensor<?x448x384xf32>
  return
}

