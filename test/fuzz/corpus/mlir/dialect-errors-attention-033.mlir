

func.func @sdpa_dynamic_value_features(%q: tensor<?x?x384xf32>, %v: tensor<?x?x?xf32>) {
  // expected-error @+1 {{head-split: value features must be static and divide into 6 heads: expected a multiple of 6, got [?]}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

