

func.func @additive_attention_values_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{value-rank: values [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 320]}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return
}

