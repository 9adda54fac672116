

func.func @linear_in_features_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x40xf32>) {
  // expected-error @+1 {{in-features: weight dim 1 (in features) vs the input's last dim: expected 80, got 40}}
  %0 = asr.linear %x, %w : (tensor<?x?x80xf32>, tensor<384x40xf32>) -> tensor<?x?x384xf32>
  return
}

