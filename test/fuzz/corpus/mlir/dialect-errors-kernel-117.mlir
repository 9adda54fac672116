

func.func @concat_no_inputs() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %0 = asr.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

