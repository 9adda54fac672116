

func.func @sdpa_key_batch_mismatch(%q: tensor<2x1x384xf32>, %k: tensor<3x448x384xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 2, got 3}}
  %0 = asr.sdpa %q, %k, %k {num_heads = 6 : i64} : (tensor<2x1x384xf32>, tensor<3x448x384xf32>, tensor<3x448x384xf32>) -> tensor<2x1x384xf32>
  return
}

