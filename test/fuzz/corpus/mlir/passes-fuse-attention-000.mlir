
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

//===----------------------------------------------------------------------===//
// Content attention (asr-decompose's form): the query is the score weight,
// one for every utterance, as [1, 1, 1, D]
//===----------------------------------------------------------------------===//

// The query's batch and head dims are a static 1 that broadcasts over the
// frames [B, 1, T, D]; the fused op takes the keys' batch.
// CHECK-LABEL: func.func @content_broadcast_query
// CHECK-SAME: (%[[H:[^:]*]]: tensor<?x?x128xf32>, %[[W:[^:]*]]: tensor<1x128xf32>, %[[LEN:[^:]*]]: tensor<?xi32>)
// CHECK: %[[Q:.*]] = asr.reshape %[[W]] {shape = array<i64: 1, 1, 1, -1>}
// CHECK: %[[F:.*]] = asr.reshape %[[H]] {shape = array<i64: 0, 1, -1, 128>}
// CHECK-NOT: asr.attention_score
// CHECK-NOT: asr.softmax
// CHECK: %[[O:.*]] = asr.fused_attention dot %[[Q]], %[[F]], %[[F]] key_lengths %[[LEN]]
// CHECK-SAME: : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>, tensor<?x1x?x128xf32>, tensor<?xi32>) -> tensor<?x1x1x128xf32>
// CHECK-NOT: return_probs
// CHECK-NOT: asr.weighted_sum
// CHECK: %[[C:.*]] = asr.reshape %[[O]]
// CHECK: return %[[C]]
func.func @content_broadcast_query(%h: tensor<?x?x128xf32>, %w: tensor<1x128xf32>, %len: tensor<?xi32>) -> tensor<?x128xf32> {
  %q = asr.reshape %w {shape = array<i64: 1, 1, 1, -1>} : (tensor<1x128xf32>) -> tensor<1x1x1x128xf32>
  %f = asr.reshape %h {shape = array<i64: 0, 1, -1, 128>} : (tensor<?x?x128xf32>) -> tensor<?x1x?x128xf32>
  %s = asr.attention_score dot %q, %f : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x1x1x?xf32>, tensor<?xi32>) -> tensor<?x1x1x?xf32>
  %o = asr.weighted_sum %p, %f : (tensor<?x1x1x?xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x128xf32>
  %c = asr.reshape %o {shape = array<i64: 0, -1>} : (tensor<?x1x1x128xf32>) -> tensor<?x128xf32>
  return %c : tensor<?x128xf32>
}

// The alignment is returned: return_probs, reshaped from [B, 1, 1, T].
// CHECK-LABEL: func.func @content_alignment
// CHECK: %[[O:.*]], %[[P:.*]] = asr.fused_attention dot {{.*}} key_lengths {{.*}} {return_probs}
// CHECK-SAME: : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>, tensor<?x1x?x128xf32>, tensor<?xi32>) -> (tensor<?x1x1x128xf32>, tensor<?x1x1x?xf32>)
// CHECK-NOT: asr.softmax
// CHECK-DAG: %[[C:.*]] = asr.reshape %[[O]] {shape = array<i64: 0, -1>}
// CHECK-DAG: %[[A:.*]] = asr.reshape %[[P]] {shape = array<i64: 0, -1>}
// CHECK: return %[[C]], %[[A]]
func.func @content_alignment(%h: tensor<?x?x128xf32>, %w: tensor<1x128xf32>, %len: tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>) {
  %q = asr.reshape %w {shape = array<i64: 1, 1, 1, -1>} : (tensor<1x128xf32>) -> tensor<1x1x1x128xf32>
  %f = asr.reshape %h {shape = array<i64: 0, 1, -1, 128>} : (tensor<?x?x128xf32>) -> tensor<?x1x?x128xf32>
  %s = asr.attention_score dot %q, %f : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x1x1x?xf32>, tensor<?xi32>) -> tensor<?x1x1x?xf32>
  %o = asr.weighted_sum %p, %f : (tensor<?x1x1x?xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x128xf32>
  %c = asr.reshape %o {shape = array<i64: 0, -1>} : (tensor<?x1x1x128xf32>) -> tensor<?x128xf32>
  %a = asr.reshape %p {shape = array<i64: 0, -1>} : (tensor<?x1x1x?xf32>) -> tensor<?x?xf32>
  return %c, %a : tensor<?x128xf32>, tensor<?x?xf32>
}

// A query shared over the batch only (heads match), static sizes.
// CHECK-LABEL: func.func @dot_query_broadcasts_batch
// CHECK: asr.fused_attention dot {{.*}} : (tensor<1x4x5x36xf32>, tensor<2x4x7x36xf32>, tensor<2x4x7x36xf32>) -> tensor<2x4x5x36xf32>
func.func @dot_query_broadcasts_batch(%q: tensor<1x4x5x36xf32>, %k: tensor<2x4x7x36xf32>) -> tensor<2x4x5x36xf32> {
  %s = asr.attention_score dot %q, %k : (tensor<1x4x5x36xf32>, tensor<2x4x7x36xf32>) -> tensor<2x4x5x7xf32>
  %p = asr.softmax %s : (tensor<2x4x5x7xf32>) -> tensor<2x4x5x7xf32>
  %o = asr.weighted_sum %p, %k : (tensor<2x4x5x7xf32>, tensor<2x4x7x36xf32>) -> tensor<2x4x5x36xf32>
  return %o : tensor<2x4x5x36xf32>
}

// The query's batch is 2 against the frames' dynamic batch: not a static
// 1, and a possible broadcast of the keys at run time. Not fused.
// CHECK-LABEL: func.func @content_query_batch_not_one
// CHECK-NOT: asr.fused_attention
// CHECK: asr.attention_score
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @content_query_batch_not_one(%h: tensor<?x1x?x128xf32>, %q: tensor<2x1x1x128xf32>, %len: tensor<?xi32>) -> tensor<2x1x1x128xf32> {
  %s = asr.attention_score dot %q, %h : (tensor<2x1x1x128xf32>, tensor<?x1x?x128xf32>) -> tensor<2x1x1x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<2x1x1x?xf32>, tensor<?xi32>) -> tensor<2x1x1x?xf32>
  %o = asr.weighted_sum %p, %h : (tensor<2x1x1x?xf32>, tensor<?x1x?x128xf32>) -> tensor<2x1x1x128xf32>
  return %o : tensor<2x1x1x128xf32>
}

// A dynamic query batch against static 1 keys: the keys would broadcast,
// which the fused op cannot express. Not fused.
// CHECK-LABEL: func.func @dot_keys_broadcast
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @dot_keys_broadcast(%q: tensor<?x1x1x128xf32>, %k: tensor<1x1x?x128xf32>) -> tensor<?x1x1x128xf32> {
  %s = asr.attention_score dot %q, %k : (tensor<?x1x1x128xf32>, tensor<1x1x?x128xf32>) -> tensor<?x1x1x?xf32>
  %p = asr.softmax %s : (tensor<?x1x1x?xf32>) -> tensor<?x1x1x?xf32>
  %o = asr.weighted_sum %p, %k : (tensor<?x1x1x?xf32>, tensor<1x1x?x128xf32>) -> tensor<?x1x1x128xf32>
  return %o : tensor<?x1x1x128xf32>
}

// Linear scores (a matmul of the frames with a weight [N, D] plus a bias,
// here N = 2 scores per frame) reshaped for a softmax are no
// attention_score: nothing to fuse. (asr-decompose lowers content
// attention to a dot score instead, see below.)
// CHECK-LABEL: func.func @linear_scores
// CHECK-NOT: asr.fused_attention
// CHECK: asr.matmul
// CHECK: asr.softmax
// CHECK: asr.weighted_sum
// CHECK-NOT: asr.fused_attention
// CHECK: return
func.func @linear_scores(%h: tensor<?x?x128xf32>, %w: tensor<2x128xf32>, %b: tensor<2xf32>, %len: tensor<?xi32>) -> tensor<?x2x128xf32> {
  %m = asr.matmul %h, %w {transpose_rhs} : (tensor<?x?x128xf32>, tensor<2x128xf32>) -> tensor<?x?x2xf32>
  %a = asr.add %m, %b : (tensor<?x?x2xf32>, tensor<2xf32>) -> tensor<?x?x2xf32>
  %s = asr.transpose %a {perm = array<i64: 0, 2, 1>} : (tensor<?x?x2xf32>) -> tensor<?x2x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x2x?xf32>, tensor<?xi32>) -> tensor<?x2x?xf32>
  %o = asr.weighted_sum %p, %h : (tensor<?x2x?xf32>, tensor<?x?x128xf32>) -> tensor<?x2x128xf32>
  return %o : tensor<?x2x128xf32>
}

//===----------------------------------------------------------------------===//
// asr.content_attention through asr-decompose and asr-fuse-attention
//===----------------------------------------------------------------------===//


// Context only: one fused dot attention of w [1, 1, 1, D] over the frames,
// with the lengths; the bias (which the softmax cancels) is not used.
// PIPE-LABEL: func.func @content_layer
// PIPE-SAME: (%[[H:[^:]*]]: tensor<?x?x128xf32>, %[[LEN:[^:]*]]: tensor<?xi32>)
// PIPE: %[[W:.*]] = asr.weight "attention.weight"
// PIPE-NOT: asr.weight "attention.bias"
// PIPE: %[[Q:.*]] = asr.reshape %[[W]] {shape = array<i64: 1, 1, 1, -1>} : (tensor<1x128xf32>) -> tensor<1x1x1x128xf32>
// PIPE: %[[F:.*]] = asr.reshape %[[H]] {shape = array<i64: 0, 1, -1, 128>} : (tensor<?x?x128xf32>) -> tensor<?x1x?x128xf32>
// PIPE-NEXT: %[[O:.*]] = asr.fused_attention dot %[[Q]], %[[F]], %[[F]] key_lengths %[[LEN]]
// PIPE-SAME: : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>, tensor<?x1x?x128xf32>, tensor<?xi32>) -> tensor<?x1x1x128xf32>
// PIPE-NEXT: %[[C:.*]] = asr.reshape %[[O]] {shape = array<i64: 0, -1>} : (tensor<?x1x1x128xf32>) -> tensor<?x128xf32>
// PIPE-NEXT: return %[[C]]
func.func @content_layer(%h: tensor<?x?x128xf32>, %len: tensor<?xi32>) -> tensor<?x128xf32> {
  %w = asr.weight "attention.weight" : tensor<1x128xf32>
  %b = asr.weight "attention.bias" : tensor<1xf32>
  %c, %p = asr.content_attention %h, %w, %b lengths %len
      : (tensor<?x?x128xf32>, tensor<1x128xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>)
  return %c : tensor<?x128xf32>
}

// The alignment is returned too: return_probs.
// PIPE-LABEL: func.func @content_layer_alignment
// PIPE: %[[O:.*]], %[[P:.*]] = asr.fused_attention dot {{.*}} key_lengths {{.*}} {return_probs}
// PIPE-SAME: -> (tensor<?x1x1x128xf32>, tensor<?x1x1x?xf32>)
// PIPE-NEXT: %[[C:.*]] = asr.reshape %[[O]] {shape = array<i64: 0, -1>} : (tensor<?x1x1x128xf32>) -> tensor<?x128xf32>
// PIPE-NEXT: %[[A:.*]] = asr.reshape %[[P]] {shape = array<i64: 0, -1>} : (tensor<?x1x1x?xf32>) -> tensor<?x?xf32>
// PIPE-NEXT: return %[[C]], %[[A]]
func.func @content_layer_alignment(%h: tensor<?x?x128xf32>, %len: tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>) {
  %w = asr.weight "attention.weight" : tensor<1x128xf32>
  %b = asr.weight "attention.bias" : tensor<1xf32>
  %c, %p = asr.content_attention %h, %w, %b lengths %len
      : (tensor<?x?x128xf32>, tensor<1x128xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>)
  return %c, %p : tensor<?x128xf32>, tensor<?x?xf32>
}

// No lengths, static sizes: no key_lengths, a static batch from the frames.
// PIPE-LABEL: func.func @content_layer_static
// PIPE: asr.fused_attention dot {{[^ ]*}}, {{[^ ]*}}, {{[^ ]*}} {return_probs}
// PIPE-SAME: : (tensor<1x1x1x16xf32>, tensor<3x1x7x16xf32>, tensor<3x1x7x16xf32>) -> (tensor<3x1x1x16xf32>, tensor<3x1x1x7xf32>)
func.func @content_layer_static(%h: tensor<3x7x16xf32>, %w: tensor<1x16xf32>, %b: tensor<1xf32>) -> (tensor<3x16xf32>, tensor<3x7xf32>) {
  %c, %p = asr.content_attention %h, %w, %b
      : (tensor<3x7x16xf32>, tensor<1x16xf32>, tensor<1xf32>) -> (tensor<3x16xf32>, tensor<3x7xf32>)
  return %c, %p : tensor<3x16xf32>, tensor<3x7xf32>
}

// Dynamic features: the frames become [B, 1, T, D] through [B, T, 1, D]
// and a transpose (a reshape has one -1).
// PIPE-LABEL: func.func @content_layer_dynamic_features
// PIPE: %[[R:.*]] = asr.reshape %arg0 {shape = array<i64: 0, 0, 1, -1>} : (tensor<?x?x?xf32>) -> tensor<?x?x1x?xf32>
// PIPE: %[[F:.*]] = asr.transpose %[[R]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x1x?xf32>) -> tensor<?x1x?x?xf32>
// PIPE: asr.fused_attention dot %{{.*}}, %[[F]], %[[F]] key_lengths %arg3
// PIPE-SAME: : (tensor<1x1x1x?xf32>, tensor<?x1x?x?xf32>, tensor<?x1x?x?xf32>, tensor<?xi32>) -> tensor<?x1x1x?xf32>
func.func @content_layer_dynamic_features(%h: tensor<?x?x?xf32>, %w: tensor<1x?xf32>, %b: tensor<1xf32>, %len: tensor<?xi32>) -> tensor<?x?xf32> {
  %c, %p = asr.content_attention %h, %w, %b lengths %len
      : (tensor<?x?x?xf32>, tensor<1x?xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %c : tensor<?x?xf32>
}
