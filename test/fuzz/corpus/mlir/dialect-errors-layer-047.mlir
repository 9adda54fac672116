

func.func @linear_bias_size_mismatch(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 1536, got 384}}
  %0 = asr.linear %x, %w bias %b : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384xf32>) -> tensor<?x?x1536xf32>
  return
}

