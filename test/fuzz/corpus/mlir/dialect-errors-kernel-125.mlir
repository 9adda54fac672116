

func.func @slice_negative_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{start: start must be >= 0, got -1}}
  %0 = asr.slice %x {axis = 1 : i64, start = -1 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

