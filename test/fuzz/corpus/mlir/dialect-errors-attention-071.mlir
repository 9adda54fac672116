

func.func @location_attention_w_location_attention_dim(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<64x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: w_location dim 0: expected 128, got 64}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<64x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

