

func.func @luong_attention_key_lengths_batch_mismatch(%s: tensor<3x256xf32>, %h: tensor<?x?x256xf32>, %len: tensor<5xi64>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 3, got 5}}
  %0:2 = asr.luong_attention dot %s, %h key_lengths %len : (tensor<3x256xf32>, tensor<?x?x256xf32>, tensor<5xi64>) -> (tensor<3x256xf32>, tensor<3x?xf32>)
  return
}

