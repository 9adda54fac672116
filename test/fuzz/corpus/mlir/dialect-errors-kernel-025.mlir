

func.func @glu_axis_out_of_range(%x: tensor<?x?x288xf32>) {
  // expected-error @+1 {{axis: axis 3 out of range for rank 3: expected a value in [-3, 3), got 3}}
  %0 = asr.glu %x {axis = 3 : i64} : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
  return
}

