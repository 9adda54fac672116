

func.func @div_result_not_broadcast(%x: tensor<4x1xf32>, %y: tensor<1x80xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<4x80xf32>', got 'tensor<4x1xf32>'}}
  %0 = asr.div %x, %y : (tensor<4x1xf32>, tensor<1x80xf32>) -> tensor<4x1xf32>
  return
}

