

func.func @transpose_perm_too_short(%x: tensor<?x?x6x64xf32>) {
  // expected-error @+1 {{permutation: perm needs one entry per dim: expected 4, got 3}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x?xf32>
  return
}

