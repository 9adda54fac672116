

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

