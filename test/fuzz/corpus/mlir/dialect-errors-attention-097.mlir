

func.func @content_attention_lengths_batch_mismatch(%h: tensor<8x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>, %len: tensor<4xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 8, got 4}}
  %0:2 = asr.content_attention %h, %w, %b lengths %len : (tensor<8x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>, tensor<4xi32>) -> (tensor<8x256xf32>, tensor<8x?xf32>)
  return
}

