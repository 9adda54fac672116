

// A broadcast query (content attention's weight) against dynamic frames,
// with a static query batch that is neither 1 nor the frames'.
func.func @fused_attention_dot_broadcast_query_batch(%q: tensor<3x1x1x128xf32>, %f: tensor<2x1x?x128xf32>) {
  // expected-error @+1 {{batch: query dim 0 (batch, 1 to broadcast) vs key dim 0: expected 1 or 2, got 3}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<3x1x1x128xf32>, tensor<2x1x?x128xf32>, tensor<2x1x?x128xf32>) -> tensor<2x1x1x128xf32>
  return
}

