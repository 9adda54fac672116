

func.func @reduce_no_axes(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: at least one axis to reduce: expected >= 1, got 0}}
  %0 = asr.reduce sum %x {axes = array<i64>} : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

