// RUN: asr-opt %s --split-input-file --asr-hoist-per-utterance --verify-diagnostics | FileCheck %s

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

// -----

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

// -----

// Only reshapes of a per-utterance input: nothing worth hoisting, nothing
// changes (no @step_prepare).
// CHECK-LABEL: func.func @views
// CHECK-SAME: asr.per_utterance
// CHECK: asr.reshape
// CHECK-NOT: func.func @views_prepare
func.func @views(%x: tensor<?x8xf32>, %enc: tensor<?x8xf32> {asr.per_utterance}) -> tensor<?x8xf32> {
  %r = asr.reshape %enc {shape = array<i64: 0, 8>} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %o = asr.add %x, %r : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %o : tensor<?x8xf32>
}

// -----

// Without asr.per_utterance nothing is known to be fixed: nothing moves,
// even work that depends on weights and one input only.
// CHECK-LABEL: func.func @unmarked
// CHECK: asr.matmul
// CHECK-NOT: func.func @unmarked_prepare
func.func @unmarked(%x: tensor<?x8xf32>, %enc: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %w = asr.weight "w" : tensor<8x8xf32>
  %p = asr.matmul %enc, %w : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  %o = asr.add %x, %p : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %o : tensor<?x8xf32>
}

// -----

// An invariant value the step returns: returned from its new input, and a
// weight-only computation (no per-utterance input) stays where it is.
// Unnamed locations name the result "hoisted"; a second one "hoisted_2".
// CHECK-LABEL: func.func @returned
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x8xf32>, %[[H1:[^:]*]]: tensor<?x8xf32> {asr.dims = ["N", 8], asr.name = "hoisted", asr.prepared_by = "returned_prepare"}, %[[H2:[^:]*]]: tensor<?x8xf32> {asr.dims = ["N", 8], asr.name = "hoisted_2", asr.prepared_by = "returned_prepare"})
// CHECK: %[[WW:.*]] = asr.add %{{.*}}, %{{.*}} : (tensor<8xf32>, tensor<8xf32>)
// CHECK: asr.add %[[X]], %[[H1]]
// CHECK: return %{{.*}}, %[[H2]]
// CHECK-LABEL: func.func @returned_prepare
// CHECK-SAME: asr.dims = ["N", 8]
// CHECK: asr.tanh
// CHECK: asr.sigmoid
func.func @returned(%x: tensor<?x8xf32>, %enc: tensor<?x8xf32> {asr.dims = ["N", 8], asr.per_utterance}) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %w = asr.weight "w" : tensor<8xf32>
  %ww = asr.add %w, %w : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %t = asr.tanh %enc : tensor<?x8xf32>
  %s = asr.sigmoid %enc : tensor<?x8xf32>
  %a = asr.add %x, %t : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %b = asr.add %a, %ww : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %b, %s : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// The prepare function's name is taken.
// expected-error @+1 {{hoist-per-utterance: cannot create 'taken_prepare' for the per-utterance work of 'taken': the module already has a symbol of that name}}
func.func @taken(%x: tensor<?x8xf32>, %enc: tensor<?x8xf32> {asr.per_utterance}) -> tensor<?x8xf32> {
  %t = asr.tanh %enc : tensor<?x8xf32>
  %o = asr.add %x, %t : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %o : tensor<?x8xf32>
}
func.func @taken_prepare() {
  return
}
