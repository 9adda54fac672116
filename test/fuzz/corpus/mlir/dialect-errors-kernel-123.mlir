

func.func @slice_axis_out_of_range(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{axis: axis -4 out of range for rank 3: expected a value in [-3, 3), got -4}}
  %0 = asr.slice %x {axis = -4 : i64, start = 0 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

