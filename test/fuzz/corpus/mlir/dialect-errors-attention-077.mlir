

func.func @luong_attention_values_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %val: tensor<?x512xf32>) {
  // expected-error @+1 {{value-rank: values [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0:2 = asr.luong_attention dot %s, %h values %val : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

