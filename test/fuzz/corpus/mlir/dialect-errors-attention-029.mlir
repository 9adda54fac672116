

func.func @sdpa_value_batch_mismatch(%q: tensor<2x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<3x448x384xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 2, got 3}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<2x1x384xf32>, tensor<?x448x384xf32>, tensor<3x448x384xf32>) -> tensor<2x1x384xf32>
  return
}

