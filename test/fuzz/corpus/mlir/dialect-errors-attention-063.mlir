

func.func @location_attention_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x320xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-features: w_key dim 1 vs the keys' features: expected 320, got 512}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x320xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return
}

