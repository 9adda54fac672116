

func.func @gru_reverse_element_type(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>, %rb: tensor<768xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xbf16>, tensor<768xbf16>) -> tensor<?x?x512xf32>
  return
}

