

func.func @batch_norm_variance_size_mismatch(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>, %v: tensor<288xf32>) {
  // expected-error @+1 {{param-size: variance size: expected 144, got 288}}
  %0 = asr.batch_norm %x, %p, %v, %p, %p : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<288xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
  return
}

