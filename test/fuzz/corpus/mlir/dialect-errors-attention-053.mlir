

// With separate values the context has the values' width.
func.func @additive_attention_context_has_key_features(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x320xf32>', got 'tensor<?x512xf32>'}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

