

func.func @luong_attention_query_rank(%s: tensor<?x1x256xf32>, %h: tensor<?x?x256xf32>) {
  // expected-error @+1 {{query-rank: query [batch, features] must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x1x256xf32>, tensor<?x?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

