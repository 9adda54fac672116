

func.func @lstm_weight_element_type(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf16>, %whh: tensor<1024x256xf16>, %b: tensor<1024xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf16>, tensor<1024x256xf16>, tensor<1024xf16>, tensor<1024xf16>) -> tensor<?x?x256xf32>
  return
}

