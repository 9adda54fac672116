

// The declared result of the transpose was written for the wrong
// permutation; it only conflicts once its input is static.
func.func @declared_result_conflicts_after_refinement(%x: tensor<2x7x80xf32>) -> tensor<2x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %0 = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{result-type: result #0: expected 'tensor<7x2x16xf32>', got 'tensor<2x?x?xf32>'}}
  %1 = asr.transpose %0 {perm = array<i64: 1, 0, 2>} : (tensor<?x?x?xf32>) -> tensor<2x?x?xf32>
  return %1 : tensor<2x?x?xf32>
}

