

func.func @conv1d_weight_rank(%x: tensor<?x?x80xf32>, %w: tensor<384x80xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in/groups, kernel] must have rank 3: expected rank 3, got rank 2 [384, 80]}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80xf32>) -> tensor<?x?x384xf32>
  return
}

