

func.func @fused_attention_additive_key_batch_mismatch(%q: tensor<4x1x128xf32>, %k: tensor<2x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 4, got 2}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<4x1x128xf32>, tensor<2x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<4x1x512xf32>
  return
}

