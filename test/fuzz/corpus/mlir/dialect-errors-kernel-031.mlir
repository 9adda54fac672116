

// A PyTorch-layout weight [out, in] without transpose_rhs.
func.func @matmul_contraction_mismatch(%a: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{contraction: rhs contraction dim vs lhs contraction dim: expected 384, got 1536}}
  %0 = asr.matmul %a, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x384xf32>
  return
}

