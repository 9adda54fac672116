

// Both the batch and the attention dim conflict: only the first is reported.
func.func @attention_score_additive_batch_and_dim_mismatch(%q: tensor<2x1x128xf32>, %k: tensor<3x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 2, got 3}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<2x1x128xf32>, tensor<3x?x64xf32>, tensor<128xf32>) -> tensor<2x1x?xf32>
  return
}

