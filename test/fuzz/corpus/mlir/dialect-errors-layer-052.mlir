

func.func @layer_norm_gamma_size_mismatch(%x: tensor<?x?x384xf32>, %g: tensor<512xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{param-size: gamma size: expected 384, got 512}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<512xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

