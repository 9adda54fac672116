

func.func @matmul_rhs_rank(%a: tensor<?x?x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{rhs-rank: rhs [..., K, N] must have rank >= 2: expected rank >= 2, got rank 1 [384]}}
  %0 = asr.matmul %a, %b : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?xf32>
  return
}

