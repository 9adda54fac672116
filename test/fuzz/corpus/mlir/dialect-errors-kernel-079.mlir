

func.func @fused_attention_dot_key_rank(%q: tensor<?x6x?x64xf32>, %k: tensor<?x?x384xf32>) {
  // expected-error @+1 {{key-rank: key [batch, heads, keys, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %k, %q : (tensor<?x6x?x64xf32>, tensor<?x?x384xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

