

func.func @transpose_changes_element_type(%x: tensor<?x?xi32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.transpose %x {perm = array<i64: 1, 0>} : (tensor<?x?xi32>) -> tensor<?x?xi64>
  return
}

//===----------------------------------------------------------------------===//
// asr.reshape
//===----------------------------------------------------------------------===//

