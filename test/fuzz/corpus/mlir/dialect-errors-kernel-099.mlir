

func.func @fused_attention_additive_value_batch_mismatch(%q: tensor<4x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<8x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 4, got 8}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<4x1x128xf32>, tensor<?x?x128xf32>, tensor<8x?x512xf32>, tensor<128xf32>) -> tensor<4x1x512xf32>
  return
}

