

func.func @luong_attention_keys_rank(%s: tensor<?x256xf32>, %h: tensor<?x256xf32>) {
  // expected-error @+1 {{key-rank: keys [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 256]}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x256xf32>, tensor<?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

