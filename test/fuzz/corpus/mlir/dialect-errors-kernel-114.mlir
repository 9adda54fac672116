

func.func @reshape_inferred_dim_does_not_divide(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{element-count: cannot infer the -1 dim: 384 elements do not divide by 5}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 5, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?x5x?xf32>
  return
}

