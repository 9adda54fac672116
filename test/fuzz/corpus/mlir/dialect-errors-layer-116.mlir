

func.func @subsample_lengths_negative_stride(%len: tensor<?xi32>) {
  // expected-error @+1 {{stride: stride must be > 0, got -2}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = -2 : i64} : tensor<?xi32>
  return
}

