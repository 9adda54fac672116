

func.func @slice_result_rounds_down(%x: tensor<?x101x80xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x51x80xf32>', got 'tensor<?x50x80xf32>'}}
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, step = 2 : i64} : (tensor<?x101x80xf32>) -> tensor<?x50x80xf32>
  return
}

