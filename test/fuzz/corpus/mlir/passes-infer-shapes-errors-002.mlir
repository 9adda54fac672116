

func.func @layer_norm_param_size_after_refinement(%x: tensor<?x?x80xf32>) -> tensor<?x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<256x80xf32>
  %g = asr.weight "ln.weight" : tensor<384xf32>
  %0 = asr.linear %x, %w : (tensor<?x?x80xf32>, tensor<256x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{param-size: gamma size: expected 256, got 384}}
  %1 = asr.layer_norm %0, %g, %g : (tensor<?x?x?xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x?xf32>
  return %1 : tensor<?x?x?xf32>
}

