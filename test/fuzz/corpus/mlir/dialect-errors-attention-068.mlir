

func.func @location_attention_alignment_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<4x?x512xf32>, %prev: tensor<2x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: prev_alignment dim 0 (batch): expected 4, got 2}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<4x256xf32>, tensor<4x?x512xf32>, tensor<2x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

