

func.func @additive_attention_key_lengths_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<4x?x512xf32>, %len: tensor<2xi32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 4, got 2}}
  %0:2 = asr.additive_attention %s, %h key_lengths %len weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<4x?x512xf32>, tensor<2xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

