

func.func @reduce_axis_out_of_range(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: axis -4 out of range for rank 3: expected a value in [-3, 3), got -4}}
  %0 = asr.reduce mean %x {axes = array<i64: -4>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

