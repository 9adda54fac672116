

func.func @location_attention_w_location_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_location [attention, channels] must have rank 2: expected rank 2, got rank 1 [128]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

