

func.func @subsample_lengths_zero_dilation(%len: tensor<?xi32>) {
  // expected-error @+1 {{dilation: dilation must be > 0, got 0}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, dilation = 0 : i64} : tensor<?xi32>
  return
}

