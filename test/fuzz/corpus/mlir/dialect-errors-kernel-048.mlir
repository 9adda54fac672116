

func.func @log_softmax_axis_out_of_range(%x: tensor<?x?x32xf32>) {
  // expected-error @+1 {{axis: axis 3 out of range for rank 3: expected a value in [-3, 3), got 3}}
  %0 = asr.log_softmax %x {axis = 3 : i64} : tensor<?x?x32xf32>
  return
}

