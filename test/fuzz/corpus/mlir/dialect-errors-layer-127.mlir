

func.func @sinusoidal_position_unknown_style(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'style' [interleaved, concat]}}
  %0 = asr.sinusoidal_position rotary %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

