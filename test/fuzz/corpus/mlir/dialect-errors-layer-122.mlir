

func.func @sinusoidal_position_odd_features(%x: tensor<?x?x385xf32>) {
  // expected-error @+1 {{even-features: the feature dim must be static and even: got [?, ?, 385]}}
  %0 = asr.sinusoidal_position concat %x : (tensor<?x?x385xf32>) -> tensor<?x?x385xf32>
  return
}

