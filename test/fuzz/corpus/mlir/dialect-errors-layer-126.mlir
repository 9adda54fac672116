

func.func @sinusoidal_position_wrong_result_type(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf16>
  return
}

