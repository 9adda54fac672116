

func.func @reshape_result_type(%x: tensor<2x100x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x100x6x64xf32>', got 'tensor<2x100x64x6xf32>'}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 6, -1>} : (tensor<2x100x384xf32>) -> tensor<2x100x64x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.concat
//===----------------------------------------------------------------------===//

