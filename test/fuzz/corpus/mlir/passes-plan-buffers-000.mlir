
// A chain: each value dies at its only use, so two slots alternate.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: asr.num_slots = 2
// CHECK: asr.relu {{.*}} {asr.slots = array<i64: 0>}
// CHECK: asr.tanh {{.*}} {asr.slots = array<i64: 1>}
// CHECK: asr.exp {{.*}} {asr.slots = array<i64: 0>}
// CHECK: asr.sigmoid {{.*}} {asr.slots = array<i64: 1>}
// CHECK-NOT: asr.slots
// CHECK: return
func.func @chain(%x: tensor<?x384xf32>) -> tensor<?x384xf32> {
  %0 = asr.relu %x : tensor<?x384xf32>
  %1 = asr.tanh %0 : tensor<?x384xf32>
  %2 = asr.exp %1 : tensor<?x384xf32>
  %3 = asr.sigmoid %2 : tensor<?x384xf32>
  %4 = asr.neg %3 : tensor<?x384xf32>
  return %4 : tensor<?x384xf32>
}

// A residual keeps its input alive across the branch, so the branch cannot
// reuse the residual's slot, while the branch's own temporaries do reuse
// each other's; weights and returned values take no slot.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: asr.num_slots = 3
// CHECK: asr.weight
// CHECK-NOT: asr.slots
// CHECK: asr.relu {{.*}} {asr.slots = array<i64: 0>}
// CHECK: asr.layer_norm {{.*}} {asr.slots = array<i64: 1>}
// CHECK: asr.matmul {{.*}} {asr.slots = array<i64: 2>
// CHECK: asr.gelu {{.*}} {asr.slots = array<i64: 1>}
// CHECK: asr.matmul {{.*}} {asr.slots = array<i64: 2>
// CHECK: asr.add
// CHECK-NOT: asr.slots
// CHECK: return
func.func @residual(%in: tensor<?x?x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>) -> tensor<?x?x384xf32> {
  %w1 = asr.weight "mlp.0.weight" : tensor<1536x384xf32>
  %w2 = asr.weight "mlp.2.weight" : tensor<384x1536xf32>
  %x = asr.relu %in : tensor<?x?x384xf32>
  %n = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %h = asr.matmul %n, %w1 {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
  %a = asr.gelu %h : tensor<?x?x1536xf32>
  %y = asr.matmul %a, %w2 {transpose_rhs} : (tensor<?x?x1536xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  %r = asr.add %x, %y : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return %r : tensor<?x?x384xf32>
}

// Two results of one op never share a slot, even when one is unused; the
// unused one is free again right after; a value used again later (%t) stays
// live until then.
// CHECK-LABEL: func.func @two_results
// CHECK-SAME: asr.num_slots = 3
// CHECK: asr.tanh {{.*}} {asr.slots = array<i64: 0>}
// CHECK: asr.content_attention {{.*}} {asr.slots = array<i64: 1, 2>}
// CHECK: asr.relu {{.*}} {asr.slots = array<i64: 2>}
// CHECK: asr.sigmoid
// CHECK-NOT: asr.slots
func.func @two_results(%h: tensor<?x?x8xf32>, %w: tensor<1x8xf32>, %b: tensor<1xf32>) -> tensor<?x?x8xf32> {
  %t = asr.tanh %h : tensor<?x?x8xf32>
  %c, %p = asr.content_attention %t, %w, %b : (tensor<?x?x8xf32>, tensor<1x8xf32>, tensor<1xf32>) -> (tensor<?x8xf32>, tensor<?x?xf32>)
  %r = asr.relu %c : tensor<?x8xf32>
  %s = asr.sigmoid %t : tensor<?x?x8xf32>
  return %s : tensor<?x?x8xf32>
}
