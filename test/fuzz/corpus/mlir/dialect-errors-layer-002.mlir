

// The custom syntax names a ranked type directly.
func.func @weight_unranked_custom_syntax() {
  // expected-error @+1 {{invalid kind of type specified}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<*xf32>
  return
}

