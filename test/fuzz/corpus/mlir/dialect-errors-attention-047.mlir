

func.func @additive_attention_w_key_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<1x128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_key [attention, key features] must have rank 2: expected rank 2, got rank 3 [1, 128, 512]}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<1x128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

