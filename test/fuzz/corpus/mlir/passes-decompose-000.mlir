
// asr-decompose rewrites each layer-level op into the kernel-level ops code
// generation implements. Intermediate types are inferred by the pieces'
// shape rules; the op replacing a result keeps that result's type, so the
// function types do not change.

//===----------------------------------------------------------------------===//
// linear, feed_forward
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @linear
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>) -> tensor<?x?x16xf32>
// CHECK: [[W:%.*]] = asr.weight "proj.weight"
// CHECK: [[B:%.*]] = asr.weight "proj.bias"
// CHECK: [[MM:%.*]] = asr.matmul [[X]], [[W]] {transpose_rhs} : (tensor<?x?x80xf32>, tensor<16x80xf32>) -> tensor<?x?x16xf32>
// CHECK: [[Y:%.*]] = asr.add [[MM]], [[B]] : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
// CHECK: return [[Y]] : tensor<?x?x16xf32>
// CHECK-NOT: asr.linear
func.func @linear(%x: tensor<?x?x80xf32>) -> tensor<?x?x16xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %b = asr.weight "proj.bias" : tensor<16xf32>
  %y = asr.linear %x, %w bias %b : (tensor<?x?x80xf32>, tensor<16x80xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  return %y : tensor<?x?x16xf32>
}

// A vector input is a one-row matrix for the matmul; no bias, no add.
// CHECK-LABEL: func.func @linear_vector_no_bias
// CHECK-SAME: ([[X:%[^:]+]]: tensor<80xf32>) -> tensor<16xf32>
// CHECK: [[W:%.*]] = asr.weight "proj.weight"
// CHECK: [[ROW:%.*]] = asr.reshape [[X]] {shape = array<i64: 1, -1>} : (tensor<80xf32>) -> tensor<1x80xf32>
// CHECK: [[MM:%.*]] = asr.matmul [[ROW]], [[W]] {transpose_rhs} : (tensor<1x80xf32>, tensor<16x80xf32>) -> tensor<1x16xf32>
// CHECK-NOT: asr.add
// CHECK: [[Y:%.*]] = asr.reshape [[MM]] {shape = array<i64: -1>} : (tensor<1x16xf32>) -> tensor<16xf32>
// CHECK: return [[Y]]
func.func @linear_vector_no_bias(%x: tensor<80xf32>) -> tensor<16xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %y = asr.linear %x, %w : (tensor<80xf32>, tensor<16x80xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// Pieces are typed by their rules (the matmul is 2x7x16); the op replacing
// the result keeps the declared type, so the function type is unchanged.
// CHECK-LABEL: func.func @linear_keeps_declared_type
// CHECK-SAME: -> tensor<?x?x16xf32>
// CHECK: [[MM:%.*]] = asr.matmul {{.*}} -> tensor<2x7x16xf32>
// CHECK: [[Y:%.*]] = asr.add [[MM]], {{.*}} : (tensor<2x7x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
// CHECK: return [[Y]] : tensor<?x?x16xf32>
func.func @linear_keeps_declared_type(%x: tensor<2x7x80xf32>) -> tensor<?x?x16xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %b = asr.weight "proj.bias" : tensor<16xf32>
  %y = asr.linear %x, %w bias %b : (tensor<2x7x80xf32>, tensor<16x80xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  return %y : tensor<?x?x16xf32>
}

// CHECK-LABEL: func.func @feed_forward
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK-DAG: [[W1:%.*]] = asr.weight "ff.w1"
// CHECK-DAG: [[B1:%.*]] = asr.weight "ff.b1"
// CHECK-DAG: [[W2:%.*]] = asr.weight "ff.w2"
// CHECK-DAG: [[B2:%.*]] = asr.weight "ff.b2"
// CHECK: [[M1:%.*]] = asr.matmul [[X]], [[W1]] {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
// CHECK: [[H:%.*]] = asr.add [[M1]], [[B1]]
// CHECK: [[A:%.*]] = asr.gelu [[H]] : tensor<?x?x1536xf32>
// CHECK: [[M2:%.*]] = asr.matmul [[A]], [[W2]] {transpose_rhs} : (tensor<?x?x1536xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
// CHECK: [[Y:%.*]] = asr.add [[M2]], [[B2]]
// CHECK: return [[Y]]
// CHECK-NOT: asr.feed_forward
// CHECK-NOT: asr.linear
func.func @feed_forward(%x: tensor<?x?x384xf32>) -> tensor<?x?x384xf32> {
  %w1 = asr.weight "ff.w1" : tensor<1536x384xf32>
  %b1 = asr.weight "ff.b1" : tensor<1536xf32>
  %w2 = asr.weight "ff.w2" : tensor<384x1536xf32>
  %b2 = asr.weight "ff.b2" : tensor<384xf32>
  %y = asr.feed_forward gelu %x, %w1 bias %b1, %w2 bias %b2
      : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>, tensor<384x1536xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return %y : tensor<?x?x384xf32>
}

// Only the second linear has a bias; the activation is silu.
// CHECK-LABEL: func.func @feed_forward_silu_one_bias
// CHECK: [[M1:%.*]] = asr.matmul
// CHECK-NEXT: [[A:%.*]] = asr.silu [[M1]] : tensor<?x?x576xf32>
// CHECK-NEXT: [[M2:%.*]] = asr.matmul [[A]],
// CHECK-NEXT: [[Y:%.*]] = asr.add [[M2]],
// CHECK-NEXT: return [[Y]]
func.func @feed_forward_silu_one_bias(%x: tensor<?x?x144xf32>) -> tensor<?x?x144xf32> {
  %w1 = asr.weight "ff.w1" : tensor<576x144xf32>
  %w2 = asr.weight "ff.w2" : tensor<144x576xf32>
  %b2 = asr.weight "ff.b2" : tensor<144xf32>
  %y = asr.feed_forward silu %x, %w1, %w2 bias %b2
      : (tensor<?x?x144xf32>, tensor<576x144xf32>, tensor<144x576xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
  return %y : tensor<?x?x144xf32>
}

//===----------------------------------------------------------------------===//
// batch_norm, glu, frame_concat
//===----------------------------------------------------------------------===//

// (x - mean) * (gamma * rsqrt(var + eps)) + beta; eps is a [1] constant.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x144xf32>) -> tensor<?x?x144xf32>
// CHECK-DAG: [[EPS:%.*]] = arith.constant dense<1.000000e-03> : tensor<1xf32>
// CHECK-DAG: [[M:%.*]] = asr.weight "bn.mean"
// CHECK-DAG: [[V:%.*]] = asr.weight "bn.var"
// CHECK-DAG: [[G:%.*]] = asr.weight "bn.gamma"
// CHECK-DAG: [[B:%.*]] = asr.weight "bn.beta"
// CHECK: [[VE:%.*]] = asr.add [[V]], [[EPS]] : (tensor<144xf32>, tensor<1xf32>) -> tensor<144xf32>
// CHECK: [[R:%.*]] = asr.rsqrt [[VE]] : tensor<144xf32>
// CHECK: [[F:%.*]] = asr.mul [[G]], [[R]] : (tensor<144xf32>, tensor<144xf32>) -> tensor<144xf32>
// CHECK: [[C:%.*]] = asr.sub [[X]], [[M]] : (tensor<?x?x144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
// CHECK: [[S:%.*]] = asr.mul [[C]], [[F]] : (tensor<?x?x144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
// CHECK: [[Y:%.*]] = asr.add [[S]], [[B]] : (tensor<?x?x144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
// CHECK: return [[Y]]
// CHECK-NOT: asr.batch_norm
func.func @batch_norm(%x: tensor<?x?x144xf32>) -> tensor<?x?x144xf32> {
  %m = asr.weight "bn.mean" : tensor<144xf32>
  %v = asr.weight "bn.var" : tensor<144xf32>
  %g = asr.weight "bn.gamma" : tensor<144xf32>
  %b = asr.weight "bn.beta" : tensor<144xf32>
  %y = asr.batch_norm %x, %m, %v, %g, %b {epsilon = 1.0e-03 : f32}
      : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
  return %y : tensor<?x?x144xf32>
}

// CHECK-LABEL: func.func @glu
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
// CHECK: [[A:%.*]] = asr.slice [[X]] {axis = 2 : i64, end = 144 : i64, start = 0 : i64} : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
// CHECK: [[B:%.*]] = asr.slice [[X]] {axis = 2 : i64, end = 288 : i64, start = 144 : i64} : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
// CHECK: [[S:%.*]] = asr.sigmoid [[B]] : tensor<?x?x144xf32>
// CHECK: [[Y:%.*]] = asr.mul [[A]], [[S]] : (tensor<?x?x144xf32>, tensor<?x?x144xf32>) -> tensor<?x?x144xf32>
// CHECK: return [[Y]]
// CHECK-NOT: asr.glu
func.func @glu(%x: tensor<?x?x288xf32>) -> tensor<?x?x144xf32> {
  %y = asr.glu %x : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
  return %y : tensor<?x?x144xf32>
}

// A dynamic axis is moved last and reshaped into [2, -1] halves, whose
// static dim is sliced.
// CHECK-LABEL: func.func @glu_dynamic_axis
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
// CHECK: [[T:%.*]] = asr.transpose [[X]] {perm = array<i64: 0, 2, 1>} : (tensor<?x?x8xf32>) -> tensor<?x8x?xf32>
// CHECK: [[H:%.*]] = asr.reshape [[T]] {shape = array<i64: 0, 0, 2, -1>} : (tensor<?x8x?xf32>) -> tensor<?x8x2x?xf32>
// CHECK: [[A:%.*]] = asr.slice [[H]] {axis = 2 : i64, end = 1 : i64, start = 0 : i64}
// CHECK: [[B:%.*]] = asr.slice [[H]] {axis = 2 : i64, end = 2 : i64, start = 1 : i64}
// CHECK: [[S:%.*]] = asr.sigmoid [[B]] : tensor<?x8x1x?xf32>
// CHECK: [[G:%.*]] = asr.mul [[A]], [[S]]
// CHECK: [[M:%.*]] = asr.reshape [[G]] {shape = array<i64: 0, 0, -1>} : (tensor<?x8x1x?xf32>) -> tensor<?x8x?xf32>
// CHECK: [[Y:%.*]] = asr.transpose [[M]] {perm = array<i64: 0, 2, 1>} : (tensor<?x8x?xf32>) -> tensor<?x?x8xf32>
// CHECK: return [[Y]]
// CHECK-NOT: asr.glu
func.func @glu_dynamic_axis(%x: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %y = asr.glu %x {axis = 1 : i64} : (tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %y : tensor<?x?x8xf32>
}

// T a multiple of the factor: the groups are a reshape.
// CHECK-LABEL: func.func @frame_concat
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x8x256xf32>) -> tensor<?x4x512xf32>
// CHECK-NOT: asr.slice
// CHECK: [[Y:%.*]] = asr.reshape [[X]] {shape = array<i64: 0, 4, -1>} : (tensor<?x8x256xf32>) -> tensor<?x4x512xf32>
// CHECK: return [[Y]]
// CHECK-NOT: asr.frame_concat
func.func @frame_concat(%x: tensor<?x8x256xf32>) -> tensor<?x4x512xf32> {
  %y = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x8x256xf32>) -> tensor<?x4x512xf32>
  return %y : tensor<?x4x512xf32>
}

// The trailing frame that fills no group is sliced off first.
// CHECK-LABEL: func.func @frame_concat_remainder
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x7x256xf32>) -> tensor<?x2x768xf32>
// CHECK: [[S:%.*]] = asr.slice [[X]] {axis = 1 : i64, end = 6 : i64, start = 0 : i64} : (tensor<?x7x256xf32>) -> tensor<?x6x256xf32>
// CHECK: [[Y:%.*]] = asr.reshape [[S]] {shape = array<i64: 0, 2, -1>} : (tensor<?x6x256xf32>) -> tensor<?x2x768xf32>
// CHECK: return [[Y]]
// CHECK-NOT: asr.frame_concat
func.func @frame_concat_remainder(%x: tensor<?x7x256xf32>) -> tensor<?x2x768xf32> {
  %y = asr.frame_concat %x {factor = 3 : i64} : (tensor<?x7x256xf32>) -> tensor<?x2x768xf32>
  return %y : tensor<?x2x768xf32>
}

// A dynamic T keeps frame_concat: the frames to drop (T mod 2) are only
// known at run time and slice bounds are static.
// CHECK-LABEL: func.func @frame_concat_dynamic_time
// CHECK: asr.frame_concat %{{.*}} {factor = 2 : i64} : (tensor<?x?x256xf32>) -> tensor<?x?x512xf32>
func.func @frame_concat_dynamic_time(%x: tensor<?x?x256xf32>) -> tensor<?x?x512xf32> {
  %y = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x?x256xf32>) -> tensor<?x?x512xf32>
  return %y : tensor<?x?x512xf32>
}

//===----------------------------------------------------------------------===//
// multi_head_attention, sdpa
//===----------------------------------------------------------------------===//

// Self-attention without masks: q/k/v projections, heads split as
// [B, H, L, D], scores scaled by 1/sqrt(64), softmax, weighted sum, heads
// merged, output projection.
// CHECK-LABEL: func.func @mha_self
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK-DAG: [[WQ:%.*]] = asr.weight "attn.q.weight"
// CHECK-DAG: [[WK:%.*]] = asr.weight "attn.k.weight"
// CHECK-DAG: [[WV:%.*]] = asr.weight "attn.v.weight"
// CHECK-DAG: [[WO:%.*]] = asr.weight "attn.o.weight"
// CHECK-DAG: [[BQ:%.*]] = asr.weight "attn.q.bias"
// CHECK-DAG: [[BK:%.*]] = asr.weight "attn.k.bias"
// CHECK-DAG: [[BV:%.*]] = asr.weight "attn.v.bias"
// CHECK-DAG: [[BO:%.*]] = asr.weight "attn.o.bias"
// CHECK: [[QM:%.*]] = asr.matmul [[X]], [[WQ]] {transpose_rhs}
// CHECK: [[Q:%.*]] = asr.add [[QM]], [[BQ]]
// CHECK: [[KM:%.*]] = asr.matmul [[X]], [[WK]] {transpose_rhs}
// CHECK: [[K:%.*]] = asr.add [[KM]], [[BK]]
// CHECK: [[VM:%.*]] = asr.matmul [[X]], [[WV]] {transpose_rhs}
// CHECK: [[V:%.*]] = asr.add [[VM]], [[BV]]
// CHECK: [[Q4:%.*]] = asr.reshape [[Q]] {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32>
// CHECK: [[QH:%.*]] = asr.transpose [[Q4]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK: [[K4:%.*]] = asr.reshape [[K]] {shape = array<i64: 0, 0, 6, 64>}
// CHECK: [[KH:%.*]] = asr.transpose [[K4]] {perm = array<i64: 0, 2, 1, 3>}
// CHECK: [[V4:%.*]] = asr.reshape [[V]] {shape = array<i64: 0, 0, 6, 64>}
// CHECK: [[VH:%.*]] = asr.transpose [[V4]] {perm = array<i64: 0, 2, 1, 3>}
// CHECK: [[S:%.*]] = asr.attention_score dot [[QH]], [[KH]] {scale = 1.250000e-01 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
// CHECK: [[P:%.*]] = asr.softmax [[S]] : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
// CHECK: [[O:%.*]] = asr.weighted_sum [[P]], [[VH]] : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK: [[OT:%.*]] = asr.transpose [[O]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x6x?x64xf32>) -> tensor<?x?x6x64xf32>
// CHECK: [[OM:%.*]] = asr.reshape [[OT]] {shape = array<i64: 0, 0, -1>} : (tensor<?x?x6x64xf32>) -> tensor<?x?x384xf32>
// CHECK: [[YM:%.*]] = asr.matmul [[OM]], [[WO]] {transpose_rhs}
// CHECK: [[Y:%.*]] = asr.add [[YM]], [[BO]]
// CHECK: return [[Y]] : tensor<?x?x384xf32>
// CHECK-NOT: asr.multi_head_attention
// CHECK-NOT: asr.sdpa
// LOC-LABEL: func.func @mha_self
// LOC: asr.matmul {{.*}} loc([[QPROJ:#loc[0-9]+]])
// LOC: asr.attention_score {{.*}} loc([[SCORES:#loc[0-9]+]])
// LOC: asr.matmul {{.*}} loc([[OPROJ:#loc[0-9]+]])
func.func @mha_self(%x: tensor<?x?x384xf32>) -> tensor<?x?x384xf32> {
  %wq = asr.weight "attn.q.weight" : tensor<384x384xf32>
  %wk = asr.weight "attn.k.weight" : tensor<384x384xf32>
  %wv = asr.weight "attn.v.weight" : tensor<384x384xf32>
  %wo = asr.weight "attn.o.weight" : tensor<384x384xf32>
  %bq = asr.weight "attn.q.bias" : tensor<384xf32>
  %bk = asr.weight "attn.k.bias" : tensor<384xf32>
  %bv = asr.weight "attn.v.bias" : tensor<384xf32>
  %bo = asr.weight "attn.o.bias" : tensor<384xf32>
  %y = asr.multi_head_attention %x, %x weights(%wq, %wk, %wv, %wo) biases(%bq, %bk, %bv, %bo)
      {num_heads = 6 : i64}
      : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>,
         tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>,
         tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32> loc("encoder.layers[0].self_attn")
  return %y : tensor<?x?x384xf32>
}

// Whisper's projections: no key bias and, here, no output bias either
// (has_bias = q, k, v, o). Both masks reach the softmax.
// CHECK-LABEL: func.func @mha_partial_biases_masks
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK-DAG: [[WK:%.*]] = asr.weight "attn.k.weight"
// CHECK-DAG: [[WO:%.*]] = asr.weight "attn.o.weight"
// CHECK-DAG: [[BQ:%.*]] = asr.weight "attn.q.bias"
// CHECK-DAG: [[BV:%.*]] = asr.weight "attn.v.bias"
// CHECK: [[QM:%.*]] = asr.matmul [[X]], {{.*}} {transpose_rhs}
// CHECK-NEXT: [[Q:%.*]] = asr.add [[QM]], [[BQ]]
// CHECK-NEXT: [[K:%.*]] = asr.matmul [[X]], [[WK]] {transpose_rhs}
// CHECK-NEXT: [[VM:%.*]] = asr.matmul [[X]], {{.*}} {transpose_rhs}
// CHECK-NEXT: [[V:%.*]] = asr.add [[VM]], [[BV]]
// CHECK: asr.reshape [[K]] {shape = array<i64: 0, 0, 6, 64>}
// CHECK: [[S:%.*]] = asr.attention_score dot
// CHECK: [[P:%.*]] = asr.softmax [[S]] lengths [[LEN]] {causal} : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
// CHECK: asr.weighted_sum [[P]],
// CHECK: [[OM:%.*]] = asr.reshape {{.*}} {shape = array<i64: 0, 0, -1>}
// CHECK-NEXT: [[Y:%.*]] = asr.matmul [[OM]], [[WO]] {transpose_rhs}
// CHECK-NEXT: return [[Y]] : tensor<?x?x384xf32>
func.func @mha_partial_biases_masks(%x: tensor<?x?x384xf32>, %len: tensor<?xi32>) -> tensor<?x?x384xf32> {
  %wq = asr.weight "attn.q.weight" : tensor<384x384xf32>
  %wk = asr.weight "attn.k.weight" : tensor<384x384xf32>
  %wv = asr.weight "attn.v.weight" : tensor<384x384xf32>
  %wo = asr.weight "attn.o.weight" : tensor<384x384xf32>
  %bq = asr.weight "attn.q.bias" : tensor<384xf32>
  %bv = asr.weight "attn.v.bias" : tensor<384xf32>
  %y = asr.multi_head_attention %x, %x key_lengths %len weights(%wq, %wk, %wv, %wo) biases(%bq, %bv)
      {num_heads = 6 : i64, has_bias = array<i1: true, false, true, false>, causal}
      : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xi32>, tensor<384x384xf32>, tensor<384x384xf32>,
         tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return %y : tensor<?x?x384xf32>
}

// Cross-attention: keys and values come from the encoder output, queries
// from the decoder; the key count differs from the query count.
// CHECK-LABEL: func.func @mha_cross
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x1x384xf32>, [[MEM:%[^:]+]]: tensor<?x1500x384xf32>)
// CHECK: asr.matmul [[Q]], {{.*}} -> tensor<?x1x384xf32>
// CHECK: asr.matmul [[MEM]], {{.*}} -> tensor<?x1500x384xf32>
// CHECK: asr.matmul [[MEM]], {{.*}} -> tensor<?x1500x384xf32>
// CHECK: asr.attention_score dot {{.*}} : (tensor<?x6x1x64xf32>, tensor<?x6x1500x64xf32>) -> tensor<?x6x1x1500xf32>
// CHECK: asr.softmax {{.*}} : (tensor<?x6x1x1500xf32>) -> tensor<?x6x1x1500xf32>
// CHECK: asr.weighted_sum {{.*}} -> tensor<?x6x1x64xf32>
// CHECK: return {{.*}} : tensor<?x1x384xf32>
func.func @mha_cross(%q: tensor<?x1x384xf32>, %mem: tensor<?x1500x384xf32>) -> tensor<?x1x384xf32> {
  %w = asr.weight "attn.weight" : tensor<384x384xf32>
  %y = asr.multi_head_attention %q, %mem weights(%w, %w, %w, %w)
      {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>}
      : (tensor<?x1x384xf32>, tensor<?x1500x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>,
         tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x1x384xf32>
  return %y : tensor<?x1x384xf32>
}

// sdpa on a key/value cache with the number of valid rows and an explicit
// scale; values have their own head dim (32 = 192 / 6).
// CHECK-LABEL: func.func @sdpa_cache
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x1x384xf32>, [[K:%[^:]+]]: tensor<?x448x384xf32>, [[V:%[^:]+]]: tensor<?x448x192xf32>, [[N:%[^:]+]]: tensor<?xi32>)
// CHECK: [[Q4:%.*]] = asr.reshape [[Q]] {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x1x384xf32>) -> tensor<?x1x6x64xf32>
// CHECK: [[QH:%.*]] = asr.transpose [[Q4]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x1x6x64xf32>) -> tensor<?x6x1x64xf32>
// CHECK: [[K4:%.*]] = asr.reshape [[K]] {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x448x384xf32>) -> tensor<?x448x6x64xf32>
// CHECK: [[KH:%.*]] = asr.transpose [[K4]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x448x6x64xf32>) -> tensor<?x6x448x64xf32>
// CHECK: [[V4:%.*]] = asr.reshape [[V]] {shape = array<i64: 0, 0, 6, 32>} : (tensor<?x448x192xf32>) -> tensor<?x448x6x32xf32>
// CHECK: [[VH:%.*]] = asr.transpose [[V4]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x448x6x32xf32>) -> tensor<?x6x448x32xf32>
// CHECK: [[S:%.*]] = asr.attention_score dot [[QH]], [[KH]] {scale = 5.000000e-01 : f32} : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>) -> tensor<?x6x1x448xf32>
// CHECK: [[P:%.*]] = asr.softmax [[S]] lengths [[N]] : (tensor<?x6x1x448xf32>, tensor<?xi32>) -> tensor<?x6x1x448xf32>
// CHECK: [[O:%.*]] = asr.weighted_sum [[P]], [[VH]] : (tensor<?x6x1x448xf32>, tensor<?x6x448x32xf32>) -> tensor<?x6x1x32xf32>
// CHECK: [[OT:%.*]] = asr.transpose [[O]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x6x1x32xf32>) -> tensor<?x1x6x32xf32>
// CHECK: [[Y:%.*]] = asr.reshape [[OT]] {shape = array<i64: 0, 0, -1>} : (tensor<?x1x6x32xf32>) -> tensor<?x1x192xf32>
// CHECK: return [[Y]] : tensor<?x1x192xf32>
// CHECK-NOT: asr.sdpa
func.func @sdpa_cache(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x448x192xf32>,
                      %n: tensor<?xi32>) -> tensor<?x1x192xf32> {
  %y = asr.sdpa %q, %k, %v key_lengths %n {num_heads = 6 : i64, scale = 0.5 : f32}
      : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x192xf32>, tensor<?xi32>) -> tensor<?x1x192xf32>
  return %y : tensor<?x1x192xf32>
}

//===----------------------------------------------------------------------===//
// Decoder-step attentions
//===----------------------------------------------------------------------===//

// Bahdanau with a padding mask: query projection [B, 1, A], key projection
// with the bias [B, T, A], additive scores [B, 1, T], masked softmax,
// weighted sum of the keys (no values operand); context [B, Dk] and
// alignment [B, T] are reshapes.
// CHECK-LABEL: func.func @additive
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[LEN:%[^:]+]]: tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
// CHECK-DAG: [[WQ:%.*]] = asr.weight "att.wq"
// CHECK-DAG: [[WK:%.*]] = asr.weight "att.wk"
// CHECK-DAG: [[VV:%.*]] = asr.weight "att.v"
// CHECK-DAG: [[B:%.*]] = asr.weight "att.b"
// CHECK: [[KM:%.*]] = asr.matmul [[H]], [[WK]] {transpose_rhs} : (tensor<?x?x512xf32>, tensor<128x512xf32>) -> tensor<?x?x128xf32>
// CHECK: [[K:%.*]] = asr.add [[KM]], [[B]]
// CHECK: [[QM:%.*]] = asr.matmul [[S]], [[WQ]] {transpose_rhs} : (tensor<?x256xf32>, tensor<128x256xf32>) -> tensor<?x128xf32>
// CHECK: [[Q:%.*]] = asr.reshape [[QM]] {shape = array<i64: 0, 1, -1>} : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
// CHECK: [[SC:%.*]] = asr.attention_score additive [[Q]], [[K]] v [[VV]] : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
// CHECK: [[P:%.*]] = asr.softmax [[SC]] lengths [[LEN]] : (tensor<?x1x?xf32>, tensor<?xi32>) -> tensor<?x1x?xf32>
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[H]] : (tensor<?x1x?xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
// CHECK: [[CTX:%.*]] = asr.reshape [[C]] {shape = array<i64: 0, -1>} : (tensor<?x1x512xf32>) -> tensor<?x512xf32>
// CHECK: [[AL:%.*]] = asr.reshape [[P]] {shape = array<i64: 0, -1>} : (tensor<?x1x?xf32>) -> tensor<?x?xf32>
// CHECK: return [[CTX]], [[AL]] : tensor<?x512xf32>, tensor<?x?xf32>
// CHECK-NOT: asr.additive_attention
func.func @additive(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %len: tensor<?xi32>)
    -> (tensor<?x512xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "att.wq" : tensor<128x256xf32>
  %wk = asr.weight "att.wk" : tensor<128x512xf32>
  %v = asr.weight "att.v" : tensor<128xf32>
  %b = asr.weight "att.b" : tensor<128xf32>
  %ctx, %p = asr.additive_attention %s, %h key_lengths %len weights(%wq, %wk, %v) bias %b
      : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128x256xf32>,
         tensor<128x512xf32>, tensor<128xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x512xf32>, tensor<?x?xf32>
}

// No mask and no bias; separate values [B, T, 64] are weighted.
// CHECK-LABEL: func.func @additive_values_no_mask
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[VAL:%[^:]+]]: tensor<?x?x64xf32>)
// CHECK: [[K:%.*]] = asr.matmul [[H]], {{.*}} {transpose_rhs}
// CHECK-NOT: asr.add
// CHECK: [[SC:%.*]] = asr.attention_score additive {{.*}}, [[K]] v
// CHECK: [[P:%.*]] = asr.softmax [[SC]] : (tensor<?x1x?xf32>) -> tensor<?x1x?xf32>
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[VAL]] : (tensor<?x1x?xf32>, tensor<?x?x64xf32>) -> tensor<?x1x64xf32>
// CHECK: asr.reshape [[C]] {shape = array<i64: 0, -1>} : (tensor<?x1x64xf32>) -> tensor<?x64xf32>
func.func @additive_values_no_mask(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x?x64xf32>)
    -> (tensor<?x64xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "att.wq" : tensor<128x256xf32>
  %wk = asr.weight "att.wk" : tensor<128x512xf32>
  %v = asr.weight "att.v" : tensor<128xf32>
  %ctx, %p = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v)
      : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?x64xf32>, tensor<128x256xf32>,
         tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x64xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x64xf32>, tensor<?x?xf32>
}

// LAS's speller attention: location features from the previous alignment
// (conv1d with same padding 15 for K = 31, then w_location) are added to
// the key projection before the additive score.
// CHECK-LABEL: func.func @location
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x256xf32>, [[PREV:%[^:]+]]: tensor<?x?xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK-DAG: [[WQ:%.*]] = asr.weight "att.query.weight"
// CHECK-DAG: [[WK:%.*]] = asr.weight "att.key.weight"
// CHECK-DAG: [[WL:%.*]] = asr.weight "att.location.weight"
// CHECK-DAG: [[F:%.*]] = asr.weight "att.location_conv.weight"
// CHECK-DAG: [[VV:%.*]] = asr.weight "att.v"
// CHECK-DAG: [[B:%.*]] = asr.weight "att.key.bias"
// CHECK: [[P3:%.*]] = asr.reshape [[PREV]] {shape = array<i64: 0, -1, 1>} : (tensor<?x?xf32>) -> tensor<?x?x1xf32>
// CHECK: [[CONV:%.*]] = asr.conv1d [[P3]], [[F]] {padding = 15 : i64} : (tensor<?x?x1xf32>, tensor<10x1x31xf32>) -> tensor<?x?x10xf32>
// CHECK: [[LOCF:%.*]] = asr.matmul [[CONV]], [[WL]] {transpose_rhs} : (tensor<?x?x10xf32>, tensor<128x10xf32>) -> tensor<?x?x128xf32>
// CHECK: [[KM:%.*]] = asr.matmul [[H]], [[WK]] {transpose_rhs}
// CHECK: [[KB:%.*]] = asr.add [[KM]], [[B]]
// CHECK: [[K:%.*]] = asr.add [[KB]], [[LOCF]] : (tensor<?x?x128xf32>, tensor<?x?x128xf32>) -> tensor<?x?x128xf32>
// CHECK: [[QM:%.*]] = asr.matmul [[S]], [[WQ]] {transpose_rhs}
// CHECK: [[Q:%.*]] = asr.reshape [[QM]] {shape = array<i64: 0, 1, -1>}
// CHECK: [[SC:%.*]] = asr.attention_score additive [[Q]], [[K]] v [[VV]]
// CHECK: [[P:%.*]] = asr.softmax [[SC]] lengths [[LEN]]
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[H]]
// CHECK: [[CTX:%.*]] = asr.reshape [[C]] {shape = array<i64: 0, -1>}
// CHECK: [[AL:%.*]] = asr.reshape [[P]] {shape = array<i64: 0, -1>}
// CHECK: return [[CTX]], [[AL]] : tensor<?x256xf32>, tensor<?x?xf32>
// CHECK-NOT: asr.location_attention
// LOC-LABEL: func.func @location
// LOC: asr.conv1d {{.*}} loc([[CONVLOC:#loc[0-9]+]])
// LOC: asr.attention_score {{.*}} loc([[SCORELOC:#loc[0-9]+]])
func.func @location(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %prev: tensor<?x?xf32>, %len: tensor<?xi32>)
    -> (tensor<?x256xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "att.query.weight" : tensor<128x256xf32>
  %wk = asr.weight "att.key.weight" : tensor<128x256xf32>
  %wl = asr.weight "att.location.weight" : tensor<128x10xf32>
  %f = asr.weight "att.location_conv.weight" : tensor<10x1x31xf32>
  %v = asr.weight "att.v" : tensor<128xf32>
  %b = asr.weight "att.key.bias" : tensor<128xf32>
  %ctx, %p = asr.location_attention %s, %h, %prev key_lengths %len weights(%wq, %wk, %wl, %f, %v) bias %b
      : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?x?xf32>, tensor<?xi32>, tensor<128x256xf32>,
         tensor<128x256xf32>, tensor<128x10xf32>, tensor<10x1x31xf32>, tensor<128xf32>, tensor<128xf32>)
      -> (tensor<?x256xf32>, tensor<?x?xf32>) loc("decoder.nodes[3]")
  return %ctx, %p : tensor<?x256xf32>, tensor<?x?xf32>
}

// Without a mask or bias, with a static time dim: the types stay static.
// CHECK-LABEL: func.func @location_no_mask_static
// CHECK: asr.conv1d {{.*}} {padding = 2 : i64} : (tensor<2x50x1xf32>, tensor<4x1x5xf32>) -> tensor<2x50x4xf32>
// CHECK: asr.attention_score additive {{.*}} -> tensor<2x1x50xf32>
// CHECK: asr.softmax {{.*}} : (tensor<2x1x50xf32>) -> tensor<2x1x50xf32>
// CHECK: return {{.*}} : tensor<2x32xf32>, tensor<2x50xf32>
func.func @location_no_mask_static(%s: tensor<2x16xf32>, %h: tensor<2x50x32xf32>, %prev: tensor<2x50xf32>)
    -> (tensor<2x32xf32>, tensor<2x50xf32>) {
  %wq = asr.weight "att.query.weight" : tensor<8x16xf32>
  %wk = asr.weight "att.key.weight" : tensor<8x32xf32>
  %wl = asr.weight "att.location.weight" : tensor<8x4xf32>
  %f = asr.weight "att.location_conv.weight" : tensor<4x1x5xf32>
  %v = asr.weight "att.v" : tensor<8xf32>
  %ctx, %p = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wl, %f, %v)
      : (tensor<2x16xf32>, tensor<2x50x32xf32>, tensor<2x50xf32>, tensor<8x16xf32>, tensor<8x32xf32>,
         tensor<8x4xf32>, tensor<4x1x5xf32>, tensor<8xf32>) -> (tensor<2x32xf32>, tensor<2x50xf32>)
  return %ctx, %p : tensor<2x32xf32>, tensor<2x50xf32>
}

// CHECK-LABEL: func.func @luong_dot
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x256xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[Q:%.*]] = asr.reshape [[S]] {shape = array<i64: 0, 1, -1>} : (tensor<?x256xf32>) -> tensor<?x1x256xf32>
// CHECK: [[SC:%.*]] = asr.attention_score dot [[Q]], [[H]] : (tensor<?x1x256xf32>, tensor<?x?x256xf32>) -> tensor<?x1x?xf32>
// CHECK: [[P:%.*]] = asr.softmax [[SC]] lengths [[LEN]]
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[H]]
// CHECK: [[CTX:%.*]] = asr.reshape [[C]] {shape = array<i64: 0, -1>}
// CHECK: [[AL:%.*]] = asr.reshape [[P]] {shape = array<i64: 0, -1>}
// CHECK: return [[CTX]], [[AL]]
// CHECK-NOT: asr.luong_attention
func.func @luong_dot(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %len: tensor<?xi32>)
    -> (tensor<?x256xf32>, tensor<?x?xf32>) {
  %ctx, %p = asr.luong_attention dot %s, %h key_lengths %len
      : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x256xf32>, tensor<?x?xf32>
}

// general: the keys are projected by the [Dq, Dk] weight (keys W^T, [B, T,
// Dq]) before the dot; the context still weights the original keys.
// CHECK-LABEL: func.func @luong_general_no_mask
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>)
// CHECK: [[W:%.*]] = asr.weight "att.weight"
// CHECK: [[K:%.*]] = asr.matmul [[H]], [[W]] {transpose_rhs} : (tensor<?x?x512xf32>, tensor<256x512xf32>) -> tensor<?x?x256xf32>
// CHECK: [[Q:%.*]] = asr.reshape [[S]] {shape = array<i64: 0, 1, -1>}
// CHECK: [[SC:%.*]] = asr.attention_score dot [[Q]], [[K]] : (tensor<?x1x256xf32>, tensor<?x?x256xf32>) -> tensor<?x1x?xf32>
// CHECK: [[P:%.*]] = asr.softmax [[SC]] : (tensor<?x1x?xf32>) -> tensor<?x1x?xf32>
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[H]] : (tensor<?x1x?xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
// CHECK: asr.reshape [[C]] {shape = array<i64: 0, -1>} : (tensor<?x1x512xf32>) -> tensor<?x512xf32>
// CHECK-NOT: asr.luong_attention
func.func @luong_general_no_mask(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>)
    -> (tensor<?x512xf32>, tensor<?x?xf32>) {
  %w = asr.weight "att.weight" : tensor<256x512xf32>
  %ctx, %p = asr.luong_attention general %s, %h weight %w
      : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x512xf32>, tensor<?x?xf32>
}

// Content attention is a dot attention whose one query is the score
// weight w: [1, 1, 1, D], a static batch and head of 1 that broadcasts over
// the frames [B, 1, T, D]. The bias adds the same constant to every score,
// which the softmax cancels: it is not used (and its weight op goes).
// CHECK-LABEL: func.func @content
// CHECK-SAME: ([[H:%[^:]+]]: tensor<?x?x128xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK-NOT: asr.weight "attention.bias"
// CHECK: [[W:%.*]] = asr.weight "attention.weight"
// CHECK-NOT: asr.weight "attention.bias"
// CHECK: [[Q:%.*]] = asr.reshape [[W]] {shape = array<i64: 1, 1, 1, -1>} : (tensor<1x128xf32>) -> tensor<1x1x1x128xf32>
// CHECK: [[F:%.*]] = asr.reshape [[H]] {shape = array<i64: 0, 1, -1, 128>} : (tensor<?x?x128xf32>) -> tensor<?x1x?x128xf32>
// CHECK: [[S:%.*]] = asr.attention_score dot [[Q]], [[F]] : (tensor<1x1x1x128xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x?xf32>
// CHECK: [[P:%.*]] = asr.softmax [[S]] lengths [[LEN]] : (tensor<?x1x1x?xf32>, tensor<?xi32>) -> tensor<?x1x1x?xf32>
// CHECK: [[C:%.*]] = asr.weighted_sum [[P]], [[F]] : (tensor<?x1x1x?xf32>, tensor<?x1x?x128xf32>) -> tensor<?x1x1x128xf32>
// CHECK: [[CTX:%.*]] = asr.reshape [[C]] {shape = array<i64: 0, -1>} : (tensor<?x1x1x128xf32>) -> tensor<?x128xf32>
// CHECK: [[AL:%.*]] = asr.reshape [[P]] {shape = array<i64: 0, -1>} : (tensor<?x1x1x?xf32>) -> tensor<?x?xf32>
// CHECK: return [[CTX]], [[AL]] : tensor<?x128xf32>, tensor<?x?xf32>
// CHECK-NOT: asr.content_attention
func.func @content(%h: tensor<?x?x128xf32>, %len: tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>) {
  %w = asr.weight "attention.weight" : tensor<1x128xf32>
  %b = asr.weight "attention.bias" : tensor<1xf32>
  %c, %p = asr.content_attention %h, %w, %b lengths %len
      : (tensor<?x?x128xf32>, tensor<1x128xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x128xf32>, tensor<?x?xf32>)
  return %c, %p : tensor<?x128xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @content_no_mask
// CHECK: [[P:%.*]] = asr.softmax {{.*}} : (tensor<?x1x1x?xf32>) -> tensor<?x1x1x?xf32>
// CHECK: asr.weighted_sum [[P]],
// CHECK-NOT: asr.content_attention
func.func @content_no_mask(%h: tensor<?x?x128xf32>) -> (tensor<?x128xf32>, tensor<?x?xf32>) {
  %w = asr.weight "attention.weight" : tensor<1x128xf32>
  %b = asr.weight "attention.bias" : tensor<1xf32>
  %c, %p = asr.content_attention %h, %w, %b
      : (tensor<?x?x128xf32>, tensor<1x128xf32>, tensor<1xf32>) -> (tensor<?x128xf32>, tensor<?x?xf32>)
  return %c, %p : tensor<?x128xf32>, tensor<?x?xf32>
}

//===----------------------------------------------------------------------===//
// What stays
//===----------------------------------------------------------------------===//

// Recurrences, norms, convolutions and log_softmax are kernel-level: the
// function is unchanged.
// CHECK-LABEL: func.func @lstm_untouched
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x40xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[Y:%.*]] = asr.lstm [[X]] lengths [[LEN]] weights({{.*}}) reverse({{.*}}) : {{.*}} -> tensor<?x?x256xf32>
// CHECK: [[N:%.*]] = asr.layer_norm [[Y]],
// CHECK: [[L:%.*]] = asr.log_softmax [[N]] : tensor<?x?x256xf32>
// CHECK: return [[L]]
func.func @lstm_untouched(%x: tensor<?x?x40xf32>, %len: tensor<?xi32>) -> tensor<?x?x256xf32> {
  %wih = asr.weight "lstm.weight_ih_l0" : tensor<512x40xf32>
  %whh = asr.weight "lstm.weight_hh_l0" : tensor<512x128xf32>
  %bih = asr.weight "lstm.bias_ih_l0" : tensor<512xf32>
  %bhh = asr.weight "lstm.bias_hh_l0" : tensor<512xf32>
  %g = asr.weight "ln.weight" : tensor<256xf32>
  %b = asr.weight "ln.bias" : tensor<256xf32>
  %y = asr.lstm %x lengths %len weights(%wih, %whh, %bih, %bhh) reverse(%wih, %whh, %bih, %bhh)
      : (tensor<?x?x40xf32>, tensor<?xi32>, tensor<512x40xf32>, tensor<512x128xf32>, tensor<512xf32>,
         tensor<512xf32>, tensor<512x40xf32>, tensor<512x128xf32>, tensor<512xf32>, tensor<512xf32>)
      -> tensor<?x?x256xf32>
  %n = asr.layer_norm %y, %g, %b : (tensor<?x?x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<?x?x256xf32>
  %l = asr.log_softmax %n : tensor<?x?x256xf32>
  return %l : tensor<?x?x256xf32>
}

// CHECK-LABEL: func.func @lstm_cell_untouched
// CHECK: [[H:%.*]], [[C:%.*]] = asr.lstm_cell
// CHECK: return [[H]], [[C]]
func.func @lstm_cell_untouched(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x256xf32>)
    -> (tensor<?x256xf32>, tensor<?x256xf32>) {
  %wih = asr.weight "cell.weight_ih" : tensor<1024x320xf32>
  %whh = asr.weight "cell.weight_hh" : tensor<1024x256xf32>
  %bih = asr.weight "cell.bias_ih" : tensor<1024xf32>
  %bhh = asr.weight "cell.bias_hh" : tensor<1024xf32>
  %h1, %c1 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %bih, %bhh)
      : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>,
         tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return %h1, %c1 : tensor<?x256xf32>, tensor<?x256xf32>
}

// The pieces' locations name them inside the layer's location.
// LOC-DAG: [[MHA:#loc[0-9]+]] = loc("encoder.layers[0].self_attn")
// LOC-DAG: [[QPROJ]] = loc("q_proj"([[MHA]]))
// LOC-DAG: [[OPROJ]] = loc("out_proj"([[MHA]]))
// LOC-DAG: [[SDPA:#loc[0-9]+]] = loc("attention"([[MHA]]))
// LOC-DAG: [[SCORES]] = loc("scores"([[SDPA]]))
// LOC-DAG: [[STEP:#loc[0-9]+]] = loc("decoder.nodes[3]")
// LOC-DAG: [[CONVLOC]] = loc("location_conv"([[STEP]]))
// LOC-DAG: [[SCORELOC]] = loc("scores"([[STEP]]))
