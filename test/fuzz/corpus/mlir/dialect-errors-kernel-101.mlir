

func.func @fused_attention_additive_key_lengths_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>, %len: tensor<i32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 0 []}}
  %0 = asr.fused_attention additive %q, %k, %h key_lengths %len v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<i32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

