

func.func @luong_attention_general_weight_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<512xf32>) {
  // expected-error @+1 {{weight-rank: weight [query features, key features] must have rank 2: expected rank 2, got rank 1 [512]}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

