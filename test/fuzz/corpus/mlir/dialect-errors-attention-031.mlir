

func.func @sdpa_qk_features_mismatch(%q: tensor<?x1x384xf32>, %k: tensor<?x448x512xf32>, %v: tensor<?x448x384xf32>) {
  // expected-error @+1 {{qk-features: key features vs query features: expected 384, got 512}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x512xf32>, tensor<?x448x384xf32>) -> tensor<?x1x384xf32>
  return
}

