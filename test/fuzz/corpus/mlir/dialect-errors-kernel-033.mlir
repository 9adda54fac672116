

func.func @matmul_batch_dims_do_not_broadcast(%a: tensor<8x6x50x64xf32>, %b: tensor<4x64x20xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [8, 6] and [4] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.matmul %a, %b : (tensor<8x6x50x64xf32>, tensor<4x64x20xf32>) -> tensor<8x6x50x20xf32>
  return
}

