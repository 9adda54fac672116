

func.func @subsample_lengths_rank(%len: tensor<?x1xi32>) {
  // expected-error @+1 {{lengths-rank: lengths [batch] must have rank 1: expected rank 1, got rank 2 [?, 1]}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = 2 : i64} : tensor<?x1xi32>
  return
}

