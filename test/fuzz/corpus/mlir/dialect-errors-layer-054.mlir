

func.func @layer_norm_wrong_result_type(%x: tensor<?x?x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x512xf32>'}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x512xf32>
  return
}

