

func.func @matmul_transposed_lhs_contraction_mismatch(%a: tensor<?x6x64x?xf32>, %b: tensor<?x6x32x64xf32>) {
  // expected-error @+1 {{contraction: rhs contraction dim vs lhs contraction dim: expected 64, got 32}}
  %0 = asr.matmul %a, %b {transpose_lhs} : (tensor<?x6x64x?xf32>, tensor<?x6x32x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

