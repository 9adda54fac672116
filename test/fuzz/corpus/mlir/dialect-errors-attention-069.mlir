

func.func @location_attention_alignment_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %prev: tensor<?x99xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{time: prev_alignment dim 1 vs keys dim 1 (time): expected 100, got 99}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x99xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x100xf32>)
  return
}

