

func.func @luong_attention_keys_batch_mismatch(%s: tensor<2x256xf32>, %h: tensor<3x?x256xf32>) {
  // expected-error @+1 {{batch: keys dim 0 (batch): expected 2, got 3}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<2x256xf32>, tensor<3x?x256xf32>) -> (tensor<2x256xf32>, tensor<2x?xf32>)
  return
}

