

func.func @feed_forward_wrong_out_features(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<256x1536xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x256xf32>', got 'tensor<?x?x384xf32>'}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<256x1536xf32>) -> tensor<?x?x384xf32>
  return
}

