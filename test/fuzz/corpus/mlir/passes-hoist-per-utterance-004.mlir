

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

