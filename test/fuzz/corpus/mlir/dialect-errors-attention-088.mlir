

func.func @luong_attention_general_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x320xf32>) {
  // expected-error @+1 {{key-features: weight dim 1 vs the keys' features: expected 512, got 320}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x320xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

