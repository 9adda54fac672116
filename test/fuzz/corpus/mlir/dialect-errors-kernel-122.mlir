

func.func @concat_mixed_element_types(%a: tensor<?x64xf32>, %b: tensor<?x256xf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.concat %a, %b {axis = 1 : i64} : (tensor<?x64xf32>, tensor<?x256xf16>) -> tensor<?x320xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.slice
//===----------------------------------------------------------------------===//

