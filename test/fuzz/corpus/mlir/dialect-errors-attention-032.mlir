

func.func @sdpa_heads_do_not_divide_query(%q: tensor<?x?x384xf32>) {
  // expected-error @+1 {{head-split: query features must be static and divide into 5 heads: expected a multiple of 5, got [384]}}
  %0 = asr.sdpa %q, %q, %q {num_heads = 5 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

