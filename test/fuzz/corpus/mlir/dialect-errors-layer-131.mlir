

func.func @learned_position_features_mismatch(%x: tensor<?x?x384xf32>, %t: tensor<448x512xf32>) {
  // expected-error @+1 {{features: table dim 1 (features) vs the input's last dim: expected 384, got 512}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x512xf32>) -> tensor<?x?x384xf32>
  return
}

