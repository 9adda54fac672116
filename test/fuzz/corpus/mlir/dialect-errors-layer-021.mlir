

func.func @conv1d_wrong_output_length(%x: tensor<?x3000x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1500x384xf32>', got 'tensor<?x3000x384xf32>'}}
  %0 = asr.conv1d %x, %w {stride = 2 : i64, padding = 1 : i64} : (tensor<?x3000x80xf32>, tensor<384x80x3xf32>) -> tensor<?x3000x384xf32>
  return
}

