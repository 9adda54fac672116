

func.func @reshape_two_inferred_dims(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{reshape-spec: at most one -1 dim: got [0, -1, -1]}}
  %0 = asr.reshape %x {shape = array<i64: 0, -1, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?x?xf32>
  return
}

