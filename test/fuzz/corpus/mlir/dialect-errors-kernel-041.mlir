

func.func @reduce_unknown_kind(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [sum, max, mean]}}
  %0 = asr.reduce min %x {axes = array<i64: -1>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.softmax, asr.log_softmax
//===----------------------------------------------------------------------===//

