

func.func @transpose_perm_out_of_range(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{permutation: perm must be a permutation of [0, 2): got [-1, 0]}}
  %0 = asr.transpose %x {perm = array<i64: -1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}

