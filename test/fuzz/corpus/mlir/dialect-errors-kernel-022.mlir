

func.func @mul_result_rank(%x: tensor<?x?x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x384xf32>'}}
  %0 = asr.mul %x, %b : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x384xf32>
  return
}

