

// -1 and 2 name the same dim of a rank-3 tensor.
func.func @reduce_axis_twice(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: axis -1 appears twice}}
  %0 = asr.reduce max %x {axes = array<i64: 2, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

