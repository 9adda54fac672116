

func.func @weight_f64() {
  // expected-error @+1 {{result #0 must be ranked tensor of}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// asr.conv1d
//===----------------------------------------------------------------------===//

