

func.func @slice_missing_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{requires attribute 'start'}}
  %0 = asr.slice %x {axis = 1 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.update_slice
//===----------------------------------------------------------------------===//

