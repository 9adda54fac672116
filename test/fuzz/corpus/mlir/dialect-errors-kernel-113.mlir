

func.func @reshape_negative_dim(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{reshape-spec: dims must be > 0, 0 (copy) or -1 (infer): got -2}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, -2>} : (tensor<?x?x384xf32>) -> tensor<?x?x?xf32>
  return
}

