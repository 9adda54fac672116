

// Both the values' batch and time conflict: only the first is reported.
func.func @additive_attention_values_batch_and_time_mismatch(%s: tensor<4x256xf32>, %h: tensor<?x100x512xf32>, %val: tensor<8x50x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: values dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<?x100x512xf32>, tensor<8x50x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x320xf32>, tensor<4x100xf32>)
  return
}

