

func.func @additive_attention_attention_dim_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<64x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: w_key dim 0 vs w_query dim 0: expected 128, got 64}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<64x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

