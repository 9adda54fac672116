

func.func @batch_norm_beta_size_mismatch(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{param-size: beta size: expected 144, got 1}}
  %0 = asr.batch_norm %x, %p, %p, %p, %b : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<1xf32>) -> tensor<?x?x144xf32>
  return
}

