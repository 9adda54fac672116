

func.func @concat_axis_out_of_range(%a: tensor<?x64xf32>, %b: tensor<?x256xf32>) {
  // expected-error @+1 {{axis: axis 2 out of range for rank 2: expected a value in [-2, 2), got 2}}
  %0 = asr.concat %a, %b {axis = 2 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x320xf32>
  return
}

