

func.func @softmax_lengths_batch_mismatch(%s: tensor<4x6x?x?xf32>, %len: tensor<6xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 4, got 6}}
  %0 = asr.softmax %s lengths %len : (tensor<4x6x?x?xf32>, tensor<6xi32>) -> tensor<4x6x?x?xf32>
  return
}

