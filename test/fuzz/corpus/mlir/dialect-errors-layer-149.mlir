

func.func @feed_forward_unknown_activation(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'activation' [relu, gelu, gelu_tanh, tanh, sigmoid, silu]}}
  %0 = asr.feed_forward swish %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

