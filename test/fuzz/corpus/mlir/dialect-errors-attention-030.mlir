

func.func @sdpa_value_keys_mismatch(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x447x384xf32>) {
  // expected-error @+1 {{keys: value dim 1 vs key dim 1 (keys): expected 448, got 447}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x447x384xf32>) -> tensor<?x1x384xf32>
  return
}

