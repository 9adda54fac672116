

func.func @transpose_result_not_permuted(%x: tensor<2x100x6x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x6x100x64xf32>', got 'tensor<2x100x6x64xf32>'}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x100x6x64xf32>) -> tensor<2x100x6x64xf32>
  return
}

