

// The query's batch may be a static 1 (broadcast) or the keys' batch.
func.func @fused_attention_dot_key_batch_mismatch(%q: tensor<2x6x?x64xf32>, %k: tensor<4x6x?x64xf32>) {
  // expected-error @+1 {{batch: query dim 0 (batch, 1 to broadcast) vs key dim 0: expected 1 or 4, got 2}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<2x6x?x64xf32>, tensor<4x6x?x64xf32>, tensor<4x6x?x64xf32>) -> tensor<2x6x?x64xf32>
  return
}

