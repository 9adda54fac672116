

func.func @layer_norm_beta_rank(%x: tensor<?x?x384xf32>, %g: tensor<384xf32>, %b: tensor<1x384xf32>) {
  // expected-error @+1 {{param-size: beta must have rank 1: expected rank 1, got rank 2 [1, 384]}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<1x384xf32>) -> tensor<?x?x384xf32>
  return
}

