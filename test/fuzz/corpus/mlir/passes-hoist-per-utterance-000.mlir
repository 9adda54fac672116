
// Cross-attention keys: the projection of the encoder output and its split
// into heads depend only on %enc (per utterance) and weights: they move into
// @step_prepare, which returns the [B, H, S, D] keys; @step takes them as a
// new input named after the node and piece, with the symbols of %enc's dims,
// and loses %enc, which nothing else uses. The per-step query stays.
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[Q:[^:]*]]: tensor<?x1x8xf32> {asr.dims = ["B", 1, 8], asr.name = "q"},
// CHECK-SAME: %[[K:[^:]*]]: tensor<?x2x?x4xf32> {asr.dims = ["B", 2, "S", 4], asr.name = "cross_attn_k_heads", asr.prepared_by = "step_prepare"})
// CHECK-NOT: asr.matmul
// CHECK: asr.fused_attention dot %{{.*}}, %[[K]], %[[K]]
// CHECK-LABEL: func.func @step_prepare
// CHECK-SAME: (%[[ENC:[^:]*]]: tensor<?x?x8xf32> {asr.dims = ["B", "S", 8], asr.name = "enc"})
// CHECK-SAME: -> (tensor<?x2x?x4xf32> {asr.name = "cross_attn_k_heads"})
// CHECK-SAME: attributes {asr.prepares = "step"}
// CHECK: %[[W:.*]] = asr.weight "k_proj.weight"
// CHECK: %[[P:.*]] = asr.matmul %[[ENC]], %[[W]] {transpose_rhs}
// CHECK: %[[R:.*]] = asr.reshape %[[P]]
// CHECK: %[[T:.*]] = asr.transpose %[[R]]
// CHECK: return %[[T]]
func.func @step(%q: tensor<?x1x8xf32> {asr.dims = ["B", 1, 8], asr.name = "q"},
                %enc: tensor<?x?x8xf32> {asr.dims = ["B", "S", 8], asr.name = "enc", asr.per_utterance})
    -> (tensor<?x2x1x4xf32> {asr.name = "out"}) {
  %w = asr.weight "k_proj.weight" : tensor<8x8xf32>
  %p = asr.matmul %enc, %w {transpose_rhs} : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32> loc("k_proj"("node"("cross_attn")))
  %r = asr.reshape %p {shape = array<i64: 0, 0, 2, 4>} : (tensor<?x?x8xf32>) -> tensor<?x?x2x4xf32>
  %k = asr.transpose %r {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x2x4xf32>) -> tensor<?x2x?x4xf32> loc("k_heads"("entry_points[1].nodes[3]"("cross_attn")))
  %qr = asr.reshape %q {shape = array<i64: 0, 0, 2, 4>} : (tensor<?x1x8xf32>) -> tensor<?x1x2x4xf32>
  %qh = asr.transpose %qr {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x1x2x4xf32>) -> tensor<?x2x1x4xf32>
  %o = asr.fused_attention dot %qh, %k, %k {scale = 5.000000e-01 : f32} : (tensor<?x2x1x4xf32>, tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x1x4xf32>
  return %o : tensor<?x2x1x4xf32>
}

