

func.func @sdpa_negative_heads(%q: tensor<?x?x384xf32>) {
  // expected-error @+1 {{num-heads: num_heads must be > 0, got -6}}
  %0 = asr.sdpa %q, %q, %q {num_heads = -6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

