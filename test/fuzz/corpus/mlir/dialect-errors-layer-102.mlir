

func.func @gru_cell_weight_element_type(%x: tensor<?x64xbf16>, %h: tensor<?x128xbf16>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'bf16', got 'f32'}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xbf16>, tensor<?x128xbf16>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xbf16>
  return
}

