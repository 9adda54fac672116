

func.func @luong_attention_dot_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{key-features: keys' features vs the query's features: expected 256, got 512}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x256xf32>, tensor<?x?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

