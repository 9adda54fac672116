

func.func @linear_weight_rank(%x: tensor<?x?x384xf32>, %w: tensor<384xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in] must have rank 2: expected rank 2, got rank 1 [384]}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

