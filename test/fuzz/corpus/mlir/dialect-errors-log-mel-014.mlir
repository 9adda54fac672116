

func.func @log_mel_lengths_batch(%a: tensor<2x?xf32>, %len: tensor<3xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.log_mel whisper %a lengths %len : (tensor<2x?xf32>, tensor<3xi32>) -> tensor<2x?x80xf32>
  return
}

