

func.func @subsample_lengths_negative_padding(%len: tensor<?xi32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -1}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, padding = -1 : i64} : tensor<?xi32>
  return
}

