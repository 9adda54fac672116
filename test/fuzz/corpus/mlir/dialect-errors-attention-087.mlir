

// The general weight transposed ([Dk, Dq] instead of [Dq, Dk]).
func.func @luong_attention_general_weight_transposed(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<512x256xf32>) {
  // expected-error @+1 {{query-features: weight dim 0 vs the query's features: expected 256, got 512}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<512x256xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

