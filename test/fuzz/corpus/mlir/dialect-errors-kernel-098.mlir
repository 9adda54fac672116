

func.func @fused_attention_additive_value_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x6x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{value-rank: value [batch, keys, dim] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 64]}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x6x?x64xf32>, tensor<128xf32>) -> tensor<?x1x64xf32>
  return
}

