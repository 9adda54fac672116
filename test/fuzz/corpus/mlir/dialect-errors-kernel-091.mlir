

func.func @fused_attention_dot_key_lengths_batch_mismatch(%q: tensor<2x6x?x64xf32>, %len: tensor<3xi32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.fused_attention dot %q, %q, %q key_lengths %len : (tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<3xi32>) -> tensor<2x6x?x64xf32>
  return
}

