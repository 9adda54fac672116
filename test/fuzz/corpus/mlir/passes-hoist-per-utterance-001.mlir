

// Additive attention (LAS): W_k h_i + b is per utterance; the values and
// the key lengths are used by the per-step attention directly, so @step
// keeps both inputs and only gains the projected keys. The location term
// depends on the per-step alignment and stays.
// CHECK-LABEL: func.func @step
// CHECK-SAME: %[[ALIGN:[^:]*]]: tensor<?x?x4xf32> {asr.name = "loc_feats"}
// CHECK-SAME: %[[ENC:[^:]*]]: tensor<?x?x6xf32> {asr.dims = ["B", "S", 6], asr.name = "enc", asr.per_utterance}
// CHECK-SAME: %[[LEN:[^:]*]]: tensor<?xi32> {asr.dims = ["B"], asr.name = "enc_len", asr.per_utterance}
// CHECK-SAME: %[[KEYS:[^:]*]]: tensor<?x?x4xf32> {asr.dims = ["B", "S", 4], asr.name = "key_proj", asr.prepared_by = "step_prepare"}
// CHECK: %[[SUM:.*]] = asr.add %[[KEYS]], %[[ALIGN]]
// CHECK: asr.fused_attention additive %{{.*}}, %[[SUM]], %[[ENC]] key_lengths %[[LEN]]
// CHECK-LABEL: func.func @step_prepare
// CHECK-SAME: (%{{[^:]*}}: tensor<?x?x6xf32> {asr.dims = ["B", "S", 6], asr.name = "enc"})
// CHECK-SAME: -> (tensor<?x?x4xf32> {asr.name = "key_proj"})
// CHECK: asr.matmul
// CHECK: asr.add
// CHECK: return
func.func @step(%q: tensor<?x1x4xf32> {asr.dims = ["B", 1, 4], asr.name = "q"},
                %align: tensor<?x?x4xf32> {asr.name = "loc_feats"},
                %enc: tensor<?x?x6xf32> {asr.dims = ["B", "S", 6], asr.name = "enc", asr.per_utterance},
                %len: tensor<?xi32> {asr.dims = ["B"], asr.name = "enc_len", asr.per_utterance})
    -> (tensor<?x1x6xf32> {asr.name = "context"}) {
  %wk = asr.weight "wk" : tensor<4x6xf32>
  %bk = asr.weight "bk" : tensor<4xf32>
  %v = asr.weight "v" : tensor<4xf32>
  %p = asr.matmul %enc, %wk {transpose_rhs} : (tensor<?x?x6xf32>, tensor<4x6xf32>) -> tensor<?x?x4xf32>
  %k = asr.add %p, %bk : (tensor<?x?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32> loc("key_proj")
  %k2 = asr.add %k, %align : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  %o = asr.fused_attention additive %q, %k2, %enc key_lengths %len v %v : (tensor<?x1x4xf32>, tensor<?x?x4xf32>, tensor<?x?x6xf32>, tensor<?xi32>, tensor<4xf32>) -> tensor<?x1x6xf32>
  return %o : tensor<?x1x6xf32>
}

