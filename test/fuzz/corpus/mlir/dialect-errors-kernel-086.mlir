

// The output's batch is the keys': a broadcast query does not make it 1.
func.func @fused_attention_dot_broadcast_query_result(%q: tensor<1x1x1x128xf32>, %f: tensor<2x1x?x128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x1x1x128xf32>', got 'tensor<1x1x1x128xf32>'}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<1x1x1x128xf32>, tensor<2x1x?x128xf32>, tensor<2x1x?x128xf32>) -> tensor<1x1x1x128xf32>
  return
}

