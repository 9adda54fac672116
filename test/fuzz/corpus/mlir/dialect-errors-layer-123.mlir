

func.func @sinusoidal_position_dynamic_features(%x: tensor<?x?x?xf32>) {
  // expected-error @+1 {{even-features: the feature dim must be static and even: got [?, ?, ?]}}
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

