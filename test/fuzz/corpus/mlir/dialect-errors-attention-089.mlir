

func.func @luong_attention_context_has_query_features(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x512xf32>', got 'tensor<?x256xf32>'}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

