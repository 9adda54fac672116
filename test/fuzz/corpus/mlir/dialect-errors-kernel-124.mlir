

func.func @slice_zero_step(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{step: step must be > 0, got 0}}
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, step = 0 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

