

func.func @additive_attention_v_size_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<256xf32>) {
  // expected-error @+1 {{attention-dim: v size: expected 128, got 256}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<256xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

