

// The query broadcasts over the heads, but the keys have 1 head: the
// query's 4 heads would broadcast the keys, which the op does not.
func.func @fused_attention_dot_query_heads_over_one(%q: tensor<?x4x1x128xf32>, %f: tensor<?x1x?x128xf32>) {
  // expected-error @+1 {{heads: query dim 1 (heads, 1 to broadcast) vs key dim 1: expected 1, got 4}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<?x4x1x128xf32>, tensor<?x1x?x128xf32>, tensor<?x1x?x128xf32>) -> tensor<?x4x1x128xf32>
  return
}

