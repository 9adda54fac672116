

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

