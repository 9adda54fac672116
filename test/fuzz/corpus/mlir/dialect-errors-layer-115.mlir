

func.func @subsample_lengths_zero_kernel(%len: tensor<?xi32>) {
  // expected-error @+1 {{kernel: kernel must be > 0, got 0}}
  %0 = asr.subsample_lengths %len {kernel = 0 : i64} : tensor<?xi32>
  return
}

