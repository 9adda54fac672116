

func.func @add_result_not_broadcast(%x: tensor<8x1x384xf32>, %y: tensor<50x1xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<8x50x384xf32>', got 'tensor<8x1x384xf32>'}}
  %0 = asr.add %x, %y : (tensor<8x1x384xf32>, tensor<50x1xf32>) -> tensor<8x1x384xf32>
  return
}

