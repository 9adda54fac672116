

func.func @matmul_lhs_rank(%a: tensor<384xf32>, %b: tensor<384x1536xf32>) {
  // expected-error @+1 {{lhs-rank: lhs [..., M, K] must have rank >= 2: expected rank >= 2, got rank 1 [384]}}
  %0 = asr.matmul %a, %b : (tensor<384xf32>, tensor<384x1536xf32>) -> tensor<1536xf32>
  return
}

