

func.func @additive_attention_values_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %val: tensor<?x50x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{time: values dim 1 vs keys dim 1 (time): expected 100, got 50}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x50x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x100xf32>)
  return
}

