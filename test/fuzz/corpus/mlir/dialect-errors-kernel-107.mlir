

func.func @transpose_perm_repeats_dim(%x: tensor<?x?x6x64xf32>) {
  // expected-error @+1 {{permutation: perm must be a permutation of [0, 4): got [0, 2, 2, 3]}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 2, 3>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x6x64xf32>
  return
}

