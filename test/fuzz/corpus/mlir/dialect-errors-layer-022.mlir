

func.func @conv1d_wrong_result_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.conv2d
//===----------------------------------------------------------------------===//

