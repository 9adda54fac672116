

func.func @additive_attention_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-features: w_key dim 1 vs the keys' features: expected 256, got 512}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

