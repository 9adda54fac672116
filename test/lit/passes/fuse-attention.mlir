// RUN: asr-opt %s --asr-fuse-attention | FileCheck %s
// RUN: asr-opt %s --asr-fuse-attention --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// Self-attention over [B, H, L, D] heads, no masks: the score's scale is
// the fused scale.
// CHECK-LABEL: func.func @dot_unmasked
// CHECK-SAME: (%[[Q:.*]]: tensor<?x6x?x64xf32>, %[[K:.*]]: tensor<?x6x?x64xf32>, %[[V:.*]]: tensor<?x6x?x64xf32>)
// CHECK-NOT: asr.attention_score
// CHECK-NOT: asr.softmax
// CHECK: %[[O:.*]] = asr.fused_attention dot %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK-NOT: asr.weighted_sum
// CHECK: return %[[O]]
func.func @dot_unmasked(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32> {
  %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}

// The softmax's lengths become key_lengths; the fused op keeps the chain's
// locations.
// CHECK-LABEL: func.func @dot_key_lengths
// CHECK-SAME: %[[LEN:[^:]*]]: tensor<?xi32>
// CHECK: asr.fused_attention dot %{{.*}}, %{{.*}}, %{{.*}} key_lengths %[[LEN]] {scale = 1.250000e-01 : f32}
// CHECK-SAME: -> tensor<2x4x5x36xf32>
// LOC-LABEL: func.func @dot_key_lengths
// LOC: asr.fused_attention {{.*}} loc(#[[FUSED:.*]])
// LOC-DAG: #[[SCORES:.*]] = loc("scores")
// LOC-DAG: #[[PROBS:.*]] = loc("probs")
// LOC-DAG: #[[CONTEXT:.*]] = loc("context")
// LOC-DAG: #[[FUSED]] = loc(fused[#[[SCORES]], #[[PROBS]], #[[CONTEXT]]])
func.func @dot_key_lengths(%q: tensor<2x4x5x36xf32>, %k: tensor<2x4x7x36xf32>, %v: tensor<2x4x7x36xf32>, %len: tensor<?xi32>) -> tensor<2x4x5x36xf32> {
  %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32} : (tensor<2x4x5x36xf32>, tensor<2x4x7x36xf32>) -> tensor<2x4x5x7xf32> loc("scores")
  %p = asr.softmax %s lengths %len : (tensor<2x4x5x7xf32>, tensor<?xi32>) -> tensor<2x4x5x7xf32> loc("probs")
  %o = asr.weighted_sum %p, %v : (tensor<2x4x5x7xf32>, tensor<2x4x7x36xf32>) -> tensor<2x4x5x36xf32> loc("context")
  return %o : tensor<2x4x5x36xf32>
}

// CHECK-LABEL: func.func @dot_causal
// CHECK: asr.fused_attention dot
// CHECK-SAME: key_lengths
// CHECK-SAME: {causal, scale = 1.250000e-01 : f32}
func.func @dot_causal(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>, %len: tensor<?xi32>) -> tensor<?x6x?x64xf32> {
  %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s lengths %len {causal} : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}

// A separate scale multiplies into the fused scale (0.5 * 0.25).
// CHECK-LABEL: func.func @dot_separate_scale
// CHECK-NOT: asr.scale
// CHECK: asr.fused_attention dot {{.*}} {scale = 1.250000e-01 : f32}
// CHECK-NOT: asr.scale
// CHECK: return
func.func @dot_separate_scale(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32> {
  %s = asr.attention_score dot %q, %k {scale = 5.000000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %t = asr.scale %s {factor = 2.500000e-01 : f32} : tensor<?x6x?x?xf32>
  %p = asr.softmax %t : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}

// Additive scores with v and bias; the values are the weighted_sum's.
// CHECK-LABEL: func.func @additive_bias_key_lengths
// CHECK-SAME: (%[[Q:[^:]*]]: tensor<?x1x128xf32>, %[[K:[^:]*]]: tensor<?x?x128xf32>, %[[W:[^:]*]]: tensor<128xf32>, %[[B:[^:]*]]: tensor<128xf32>, %[[VAL:[^:]*]]: tensor<?x?x256xf32>, %[[LEN:[^:]*]]: tensor<?xi32>)
// CHECK: %[[O:.*]] = asr.fused_attention additive %[[Q]], %[[K]], %[[VAL]] key_lengths %[[LEN]] v %[[W]] bias %[[B]]
// CHECK-SAME: -> tensor<?x1x256xf32>
// CHECK-NOT: return_probs
// CHECK: return %[[O]]
func.func @additive_bias_key_lengths(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %w: tensor<128xf32>, %b: tensor<128xf32>, %values: tensor<?x?x256xf32>, %len: tensor<?xi32>) -> tensor<?x1x256xf32> {
  %s = asr.attention_score additive %q, %k v %w bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x1x?xf32>, tensor<?xi32>) -> tensor<?x1x?xf32>
  %o = asr.weighted_sum %p, %values : (tensor<?x1x?xf32>, tensor<?x?x256xf32>) -> tensor<?x1x256xf32>
  return %o : tensor<?x1x256xf32>
}

// Probabilities used besides the weighted sum (an alignment that is
// returned): fused with return_probs, whose second result takes those uses.
// CHECK-LABEL: func.func @probs_used_elsewhere
// CHECK: %[[O:.*]], %[[P:.*]] = asr.fused_attention additive
// CHECK-SAME: {return_probs}
// CHECK-SAME: -> (tensor<?x1x256xf32>, tensor<?x1x?xf32>)
// CHECK-NOT: asr.softmax
// CHECK: %[[A:.*]] = asr.reshape %[[P]]
// CHECK: return %[[O]], %[[A]]
func.func @probs_used_elsewhere(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %w: tensor<128xf32>, %values: tensor<?x?x256xf32>, %len: tensor<?xi32>) -> (tensor<?x1x256xf32>, tensor<?x?xf32>) {
  %s = asr.attention_score additive %q, %k v %w : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x1x?xf32>, tensor<?xi32>) -> tensor<?x1x?xf32>
  %o = asr.weighted_sum %p, %values : (tensor<?x1x?xf32>, tensor<?x?x256xf32>) -> tensor<?x1x256xf32>
  %a = asr.reshape %p {shape = array<i64: 0, -1>} : (tensor<?x1x?xf32>) -> tensor<?x?xf32>
  return %o, %a : tensor<?x1x256xf32>, tensor<?x?xf32>
}

// The other use of the probabilities comes before the weighted sum: the
// fused op goes where the softmax was.
// CHECK-LABEL: func.func @probs_used_before
// CHECK: %[[O:.*]], %[[P:.*]] = asr.fused_attention dot
// CHECK-SAME: {return_probs, scale = 1.250000e-01 : f32}
// CHECK: asr.reshape %[[P]]
// CHECK: return %[[O]]
func.func @probs_used_before(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x?x?xf32>) {
  %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %a = asr.reshape %p {shape = array<i64: -1, 0, 0>} : (tensor<?x6x?x?xf32>) -> tensor<?x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o, %a : tensor<?x6x?x64xf32>, tensor<?x?x?xf32>
}

// The scores have another user: fusing would compute them twice.
// CHECK-LABEL: func.func @score_used_twice
// CHECK-NOT: asr.fused_attention
// CHECK: asr.attention_score
// CHECK: asr.softmax
// CHECK: asr.weighted_sum
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @score_used_twice(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>) {
  %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o, %s : tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>
}

// The scaled scores have another user.
// CHECK-LABEL: func.func @scale_used_twice
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @scale_used_twice(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>) {
  %s = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %t = asr.scale %s {factor = 1.250000e-01 : f32} : tensor<?x6x?x?xf32>
  %p = asr.softmax %t : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o, %t : tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>
}

// A softmax of scores that feeds no weighted sum stays.
// CHECK-LABEL: func.func @softmax_without_weighted_sum
// CHECK-NOT: asr.fused_attention
// CHECK: asr.softmax
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @softmax_without_weighted_sum(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32> {
  %s = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %e = asr.exp %p : tensor<?x6x?x?xf32>
  return %e : tensor<?x6x?x?xf32>
}

// A reshape between softmax and weighted sum: the summed axis need not be
// the softmax's.
// CHECK-LABEL: func.func @reshape_before_weighted_sum
// CHECK-NOT: asr.fused_attention
// CHECK: asr.reshape
// CHECK: asr.weighted_sum
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @reshape_before_weighted_sum(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %w: tensor<128xf32>, %values: tensor<?x?x256xf32>) -> tensor<?x1x256xf32> {
  %s = asr.attention_score additive %q, %k v %w : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  %p = asr.softmax %s : (tensor<?x1x?xf32>) -> tensor<?x1x?xf32>
  %r = asr.reshape %p {shape = array<i64: 0, 1, -1>} : (tensor<?x1x?xf32>) -> tensor<?x1x?xf32>
  %o = asr.weighted_sum %r, %values : (tensor<?x1x?xf32>, tensor<?x?x256xf32>) -> tensor<?x1x256xf32>
  return %o : tensor<?x1x256xf32>
}

// The weighted sum broadcasts the values over the heads, which the fused
// op's [B, H, Lk, Dv] value cannot express.
// CHECK-LABEL: func.func @weighted_sum_broadcasts_heads
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @weighted_sum_broadcasts_heads(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x1x?x64xf32>) -> tensor<?x6x?x64xf32> {
  %s = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x1x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}

// Dot scores of [B, 1, D] queries (Luong attention) are not the fused
// op's [B, H, L, D].
// CHECK-LABEL: func.func @dot_rank3
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @dot_rank3(%q: tensor<?x1x64xf32>, %k: tensor<?x?x64xf32>, %len: tensor<?xi32>) -> tensor<?x1x64xf32> {
  %s = asr.attention_score dot %q, %k : (tensor<?x1x64xf32>, tensor<?x?x64xf32>) -> tensor<?x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x1x?xf32>, tensor<?xi32>) -> tensor<?x1x?xf32>
  %o = asr.weighted_sum %p, %k : (tensor<?x1x?xf32>, tensor<?x?x64xf32>) -> tensor<?x1x64xf32>
  return %o : tensor<?x1x64xf32>
}

// The fused additive form is unscaled: a scale after additive scores stays.
// CHECK-LABEL: func.func @additive_scaled
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @additive_scaled(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %w: tensor<128xf32>, %values: tensor<?x?x256xf32>) -> tensor<?x1x256xf32> {
  %s = asr.attention_score additive %q, %k v %w : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  %t = asr.scale %s {factor = 2.000000e+00 : f32} : tensor<?x1x?xf32>
  %p = asr.softmax %t : (tensor<?x1x?xf32>) -> tensor<?x1x?xf32>
  %o = asr.weighted_sum %p, %values : (tensor<?x1x?xf32>, tensor<?x?x256xf32>) -> tensor<?x1x256xf32>
  return %o : tensor<?x1x256xf32>
}
