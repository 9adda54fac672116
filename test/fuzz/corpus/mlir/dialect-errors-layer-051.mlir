

func.func @layer_norm_gamma_element_type(%x: tensor<?x?x384xf32>, %g: tensor<384xbf16>, %b: tensor<384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xbf16>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

