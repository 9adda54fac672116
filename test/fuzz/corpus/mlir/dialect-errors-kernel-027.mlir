

func.func @glu_odd_split(%x: tensor<?x?x287xf32>) {
  // expected-error @+1 {{even-split: dim 2 splits into two halves: expected an even size, got 287}}
  %0 = asr.glu %x : (tensor<?x?x287xf32>) -> tensor<?x?x143xf32>
  return
}

