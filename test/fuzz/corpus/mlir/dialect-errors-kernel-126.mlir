

func.func @slice_end_before_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{end: end must be -1 (the end of the axis) or >= start: expected >= 40, got 20}}
  %0 = asr.slice %x {axis = 2 : i64, start = 40 : i64, end = 20 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x0xf32>
  return
}

