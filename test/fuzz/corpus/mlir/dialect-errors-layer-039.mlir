

func.func @conv2d_wrong_output_width(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x144x?x39xf32>', got 'tensor<?x144x?x40xf32>'}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2, 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x40xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.linear
//===----------------------------------------------------------------------===//

