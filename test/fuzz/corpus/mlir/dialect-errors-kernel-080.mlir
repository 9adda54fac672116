

func.func @fused_attention_dot_value_rank(%q: tensor<?x6x?x64xf32>, %v: tensor<?x?x384xf32>) {
  // expected-error @+1 {{value-rank: value [batch, heads, keys, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x?x384xf32>) -> tensor<?x6x?x64xf32>
  return
}

