// RUN: asr-opt %s -split-input-file -verify-diagnostics

// Shape rules of the kernel-level ops (elementwise, matmul, reductions,
// softmax, attention kernels, data movement) and the ODS constraints that
// come before them. One case per (op, rule).

//===----------------------------------------------------------------------===//
// Unary elementwise ops and asr.scale
//===----------------------------------------------------------------------===//

func.func @relu_integer_input(%x: tensor<?x?xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi32>'}}
  %0 = asr.relu %x : tensor<?x?xi32>
  return
}

// -----

func.func @gelu_tanh_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.gelu_tanh %x : tensor<?x?xi64>
  return
}

// -----

func.func @tanh_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.tanh %x : tensor<?x?xi64>
  return
}

// -----

func.func @sigmoid_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.sigmoid %x : tensor<?x?xi64>
  return
}

// -----

func.func @silu_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.silu %x : tensor<?x?xi64>
  return
}

// -----

func.func @log_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.log %x : tensor<?x?xi64>
  return
}

// -----

func.func @neg_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.neg %x : tensor<?x?xi64>
  return
}

// -----

func.func @sqrt_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.sqrt %x : tensor<?x?xi64>
  return
}

// -----

func.func @rsqrt_integer_input(%x: tensor<?x?xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi64>'}}
  %0 = asr.rsqrt %x : tensor<?x?xi64>
  return
}

// -----

func.func @gelu_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = "asr.gelu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @exp_changes_shape(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.exp"(%x) : (tensor<?x?x384xf32>) -> tensor<?x?x192xf32>
  return
}

// -----

func.func @scale_missing_factor(%x: tensor<?x?x144xf32>) {
  // expected-error @+1 {{requires attribute 'factor'}}
  %0 = asr.scale %x : tensor<?x?x144xf32>
  return
}

// -----

func.func @scale_integer_factor(%x: tensor<?x?x144xf32>) {
  // expected-error @+1 {{attribute 'factor' failed to satisfy constraint: 32-bit float attribute}}
  %0 = asr.scale %x {factor = 2 : i64} : tensor<?x?x144xf32>
  return
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @add_shapes_do_not_broadcast(%x: tensor<?x?x384xf32>, %y: tensor<512xf32>) {
  // expected-error @+1 {{broadcast: shapes [?, ?, 384] and [512] do not broadcast at dim 2: expected 384 or 1, got 512}}
  %0 = asr.add %x, %y : (tensor<?x?x384xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sub_shapes_do_not_broadcast(%x: tensor<8x50xf32>, %y: tensor<4x50xf32>) {
  // expected-error @+1 {{broadcast: shapes [8, 50] and [4, 50] do not broadcast at dim 0: expected 8 or 1, got 4}}
  %0 = asr.sub %x, %y : (tensor<8x50xf32>, tensor<4x50xf32>) -> tensor<8x50xf32>
  return
}

// -----

func.func @mul_shapes_do_not_broadcast(%x: tensor<?x6x?x?xf32>, %m: tensor<?x4x1x?xf32>) {
  // expected-error @+1 {{broadcast: shapes [?, 6, ?, ?] and [?, 4, 1, ?] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.mul %x, %m : (tensor<?x6x?x?xf32>, tensor<?x4x1x?xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @div_shapes_do_not_broadcast(%len: tensor<8xi32>, %f: tensor<3xi32>) {
  // expected-error @+1 {{broadcast: shapes [8] and [3] do not broadcast at dim 0: expected 8 or 1, got 3}}
  %0 = asr.div %len, %f : (tensor<8xi32>, tensor<3xi32>) -> tensor<8xi32>
  return
}

// -----

func.func @max_shapes_do_not_broadcast(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>) {
  // expected-error @+1 {{broadcast: shapes [2, 3] and [3, 2] do not broadcast at dim 1: expected 3 or 1, got 2}}
  %0 = asr.max %x, %y : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @add_mixed_element_types(%x: tensor<?xi32>, %y: tensor<?xf32>) {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = asr.add %x, %y : (tensor<?xi32>, tensor<?xf32>) -> tensor<?xi32>
  return
}

// -----

func.func @mul_unranked(%x: tensor<*xf32>, %y: tensor<384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<*xf32>'}}
  %0 = asr.mul %x, %y : (tensor<*xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @add_result_not_broadcast(%x: tensor<8x1x384xf32>, %y: tensor<50x1xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<8x50x384xf32>', got 'tensor<8x1x384xf32>'}}
  %0 = asr.add %x, %y : (tensor<8x1x384xf32>, tensor<50x1xf32>) -> tensor<8x1x384xf32>
  return
}

// -----

func.func @sub_result_element_type(%len: tensor<?xi32>, %one: tensor<1xi32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?xi32>', got 'tensor<?xi64>'}}
  %0 = asr.sub %len, %one : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi64>
  return
}

// -----

func.func @mul_result_rank(%x: tensor<?x?x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x384xf32>'}}
  %0 = asr.mul %x, %b : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x384xf32>
  return
}

// -----

func.func @div_result_not_broadcast(%x: tensor<4x1xf32>, %y: tensor<1x80xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<4x80xf32>', got 'tensor<4x1xf32>'}}
  %0 = asr.div %x, %y : (tensor<4x1xf32>, tensor<1x80xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @max_result_element_type(%x: tensor<?x?x384xf32>, %y: tensor<?x?x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.max %x, %y : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.glu
//===----------------------------------------------------------------------===//

// -----

func.func @glu_axis_out_of_range(%x: tensor<?x?x288xf32>) {
  // expected-error @+1 {{axis: axis 3 out of range for rank 3: expected a value in [-3, 3), got 3}}
  %0 = asr.glu %x {axis = 3 : i64} : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
  return
}

// -----

func.func @glu_scalar_input(%x: tensor<f32>) {
  // expected-error @+1 {{axis: axis -1 out of range for rank 0: expected a value in [0, 0), got -1}}
  %0 = asr.glu %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @glu_odd_split(%x: tensor<?x?x287xf32>) {
  // expected-error @+1 {{even-split: dim 2 splits into two halves: expected an even size, got 287}}
  %0 = asr.glu %x : (tensor<?x?x287xf32>) -> tensor<?x?x143xf32>
  return
}

// -----

func.func @glu_result_not_halved(%x: tensor<?x?x288xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x144xf32>', got 'tensor<?x?x288xf32>'}}
  %0 = asr.glu %x : (tensor<?x?x288xf32>) -> tensor<?x?x288xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_lhs_rank(%a: tensor<384xf32>, %b: tensor<384x1536xf32>) {
  // expected-error @+1 {{lhs-rank: lhs [..., M, K] must have rank >= 2: expected rank >= 2, got rank 1 [384]}}
  %0 = asr.matmul %a, %b : (tensor<384xf32>, tensor<384x1536xf32>) -> tensor<1536xf32>
  return
}

// -----

func.func @matmul_rhs_rank(%a: tensor<?x?x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{rhs-rank: rhs [..., K, N] must have rank >= 2: expected rank >= 2, got rank 1 [384]}}
  %0 = asr.matmul %a, %b : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?xf32>
  return
}

// -----

// A PyTorch-layout weight [out, in] without transpose_rhs.
func.func @matmul_contraction_mismatch(%a: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{contraction: rhs contraction dim vs lhs contraction dim: expected 384, got 1536}}
  %0 = asr.matmul %a, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @matmul_transposed_lhs_contraction_mismatch(%a: tensor<?x6x64x?xf32>, %b: tensor<?x6x32x64xf32>) {
  // expected-error @+1 {{contraction: rhs contraction dim vs lhs contraction dim: expected 64, got 32}}
  %0 = asr.matmul %a, %b {transpose_lhs} : (tensor<?x6x64x?xf32>, tensor<?x6x32x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @matmul_batch_dims_do_not_broadcast(%a: tensor<8x6x50x64xf32>, %b: tensor<4x64x20xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [8, 6] and [4] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.matmul %a, %b : (tensor<8x6x50x64xf32>, tensor<4x64x20xf32>) -> tensor<8x6x50x20xf32>
  return
}

// -----

func.func @matmul_mixed_element_types(%a: tensor<?x?x384xf16>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.matmul %a, %w {transpose_rhs} : (tensor<?x?x384xf16>, tensor<1536x384xf32>) -> tensor<?x?x1536xf16>
  return
}

// -----

func.func @matmul_result_ignores_transpose(%a: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1536xf32>', got 'tensor<?x?x384xf32>'}}
  %0 = asr.matmul %a, %w {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.reduce
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_no_axes(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: at least one axis to reduce: expected >= 1, got 0}}
  %0 = asr.reduce sum %x {axes = array<i64>} : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: axis -4 out of range for rank 3: expected a value in [-3, 3), got -4}}
  %0 = asr.reduce mean %x {axes = array<i64: -4>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

// -----

// -1 and 2 name the same dim of a rank-3 tensor.
func.func @reduce_axis_twice(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{axes: axis -1 appears twice}}
  %0 = asr.reduce max %x {axes = array<i64: 2, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reduce_result_drops_kept_dim(%x: tensor<?x6x?x?xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x1xf32>', got 'tensor<?x6x?xf32>'}}
  %0 = asr.reduce max %x {axes = array<i64: -1>, keep_dims} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?xf32>
  return
}

// -----

func.func @reduce_missing_axes(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{requires attribute 'axes'}}
  %0 = asr.reduce sum %x : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reduce_unknown_kind(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [sum, max, mean]}}
  %0 = asr.reduce min %x {axes = array<i64: -1>} : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.softmax, asr.log_softmax
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_scalar_input(%x: tensor<f32>) {
  // expected-error @+1 {{input-rank: input must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.softmax %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_causal_vector(%x: tensor<?xf32>) {
  // expected-error @+1 {{input-rank: masked input [batch or queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.softmax %x {causal} : (tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @softmax_lengths_on_vector(%x: tensor<?xf32>, %len: tensor<?xi32>) {
  // expected-error @+1 {{input-rank: masked input [batch or queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.softmax %x lengths %len : (tensor<?xf32>, tensor<?xi32>) -> tensor<?xf32>
  return
}

// -----

func.func @softmax_lengths_batch_mismatch(%s: tensor<4x6x?x?xf32>, %len: tensor<6xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 4, got 6}}
  %0 = asr.softmax %s lengths %len : (tensor<4x6x?x?xf32>, tensor<6xi32>) -> tensor<4x6x?x?xf32>
  return
}

// -----

func.func @softmax_float_lengths(%s: tensor<?x6x?x?xf32>, %len: tensor<?xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.softmax %s lengths %len : (tensor<?x6x?x?xf32>, tensor<?xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @softmax_result_changes_shape(%s: tensor<?x6x?x?xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x?xf32>', got 'tensor<?x?x?xf32>'}}
  %0 = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @log_softmax_axis_out_of_range(%x: tensor<?x?x32xf32>) {
  // expected-error @+1 {{axis: axis 3 out of range for rank 3: expected a value in [-3, 3), got 3}}
  %0 = asr.log_softmax %x {axis = 3 : i64} : tensor<?x?x32xf32>
  return
}

// -----

func.func @log_softmax_changes_type(%x: tensor<?x?x32xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.log_softmax"(%x) <{axis = -1 : i64}> : (tensor<?x?x32xf32>) -> tensor<?x?x32xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.attention_score
//===----------------------------------------------------------------------===//

// -----

func.func @attention_score_key_element_type(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf16>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @attention_score_dot_with_v(%q: tensor<?x6x?x64xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got v}}
  %0 = asr.attention_score dot %q, %q v %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @attention_score_dot_with_bias(%q: tensor<?x6x?x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got bias}}
  %0 = asr.attention_score dot %q, %q bias %b : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @attention_score_dot_query_rank(%q: tensor<64xf32>, %k: tensor<?x64xf32>) {
  // expected-error @+1 {{query-rank: query [..., queries, dim] must have rank >= 2: expected rank >= 2, got rank 1 [64]}}
  %0 = asr.attention_score dot %q, %k : (tensor<64xf32>, tensor<?x64xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @attention_score_dot_key_rank(%q: tensor<?x64xf32>, %k: tensor<64xf32>) {
  // expected-error @+1 {{key-rank: key [..., keys, dim] must have rank >= 2: expected rank >= 2, got rank 1 [64]}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x64xf32>, tensor<64xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @attention_score_dot_head_dim_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x32xf32>) {
  // expected-error @+1 {{head-dim: key's last dim vs query's last dim: expected 64, got 32}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x32xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @attention_score_dot_heads_do_not_broadcast(%q: tensor<?x6x?x64xf32>, %k: tensor<?x4x?x64xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [?, 6] and [?, 4] do not broadcast at dim 1: expected 6 or 1, got 4}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x4x?x64xf32>) -> tensor<?x6x?x?xf32>
  return
}

// -----

func.func @attention_score_dot_result_transposed(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x1500x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x1x1500xf32>', got 'tensor<?x6x1500x1xf32>'}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x1x64xf32>, tensor<?x6x1500x64xf32>) -> tensor<?x6x1500x1xf32>
  return
}

// -----

func.func @attention_score_additive_query_rank(%q: tensor<?x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: projected query [batch, queries, attention] must have rank 3: expected rank 3, got rank 2 [?, 128]}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @attention_score_additive_key_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x6x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-rank: projected key [batch, keys, attention] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 128]}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x6x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_batch_mismatch(%q: tensor<2x1x128xf32>, %k: tensor<3x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 2, got 3}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<2x1x128xf32>, tensor<3x?x128xf32>, tensor<128xf32>) -> tensor<2x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_attention_dim_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: key dim 2 vs query dim 2: expected 128, got 64}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x64xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

// Both the batch and the attention dim conflict: only the first is reported.
func.func @attention_score_additive_batch_and_dim_mismatch(%q: tensor<2x1x128xf32>, %k: tensor<3x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 2, got 3}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<2x1x128xf32>, tensor<3x?x64xf32>, tensor<128xf32>) -> tensor<2x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_without_v(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>) {
  // expected-error @+1 {{additive-v: additive scores need the vector v [attention]: expected one, got none}}
  %0 = asr.attention_score additive %q, %k : (tensor<?x1x128xf32>, tensor<?x?x128xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_v_size(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{attention-dim: v size: expected 128, got 64}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<64xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_bias_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>, %b: tensor<1x128xf32>) {
  // expected-error @+1 {{attention-dim: bias must have rank 1: expected rank 1, got rank 2 [1, 128]}}
  %0 = asr.attention_score additive %q, %k v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>, tensor<1x128xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_scaled(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{additive-scale: additive scores are not scaled: expected 1, got 0.125}}
  %0 = asr.attention_score additive %q, %k v %v {scale = 0.125 : f32} : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return
}

// -----

func.func @attention_score_additive_result_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x?xf32>', got 'tensor<?x?xf32>'}}
  %0 = asr.attention_score additive %q, %k v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @attention_score_unknown_kind(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [dot, additive]}}
  %0 = asr.attention_score general %q, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.weighted_sum
//===----------------------------------------------------------------------===//

// -----

func.func @weighted_sum_probs_rank(%p: tensor<?xf32>, %v: tensor<?x?x512xf32>) {
  // expected-error @+1 {{probs-rank: probs [..., queries, keys] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.weighted_sum %p, %v : (tensor<?xf32>, tensor<?x?x512xf32>) -> tensor<?x512xf32>
  return
}

// -----

func.func @weighted_sum_values_rank(%p: tensor<?x1x?xf32>, %v: tensor<512xf32>) {
  // expected-error @+1 {{values-rank: values [..., keys, dim] must have rank >= 2: expected rank >= 2, got rank 1 [512]}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x?xf32>, tensor<512xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @weighted_sum_keys_mismatch(%p: tensor<?x1x100xf32>, %v: tensor<?x50x512xf32>) {
  // expected-error @+1 {{keys: values' keys dim vs probs' last dim: expected 100, got 50}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x100xf32>, tensor<?x50x512xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @weighted_sum_batch_does_not_broadcast(%p: tensor<4x6x?x?xf32>, %v: tensor<2x6x?x64xf32>) {
  // expected-error @+1 {{batch-broadcast: shapes [4, 6] and [2, 6] do not broadcast at dim 0: expected 4 or 1, got 2}}
  %0 = asr.weighted_sum %p, %v : (tensor<4x6x?x?xf32>, tensor<2x6x?x64xf32>) -> tensor<4x6x?x64xf32>
  return
}

// -----

func.func @weighted_sum_mixed_element_types(%p: tensor<?x1x?xf16>, %v: tensor<?x?x512xf32>) {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x?xf16>, tensor<?x?x512xf32>) -> tensor<?x1x512xf16>
  return
}

// -----

func.func @weighted_sum_result_has_keys(%p: tensor<?x6x?x1500xf32>, %v: tensor<?x6x1500x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x64xf32>', got 'tensor<?x6x?x1500xf32>'}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x6x?x1500xf32>, tensor<?x6x1500x64xf32>) -> tensor<?x6x?x1500xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.fused_attention
//===----------------------------------------------------------------------===//

// -----

func.func @fused_attention_value_element_type(%q: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xbf16>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_v_element_type(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf16>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_dot_with_v(%q: tensor<?x6x?x64xf32>, %v: tensor<64xf32>) {
  // expected-error @+1 {{dot-operands: dot scores take no v or bias: expected none, got v}}
  %0 = asr.fused_attention dot %q, %q, %q v %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_query_rank(%q: tensor<?x?x384xf32>, %k: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{query-rank: query [batch, heads, queries, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x?x384xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_key_rank(%q: tensor<?x6x?x64xf32>, %k: tensor<?x?x384xf32>) {
  // expected-error @+1 {{key-rank: key [batch, heads, keys, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %k, %q : (tensor<?x6x?x64xf32>, tensor<?x?x384xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_value_rank(%q: tensor<?x6x?x64xf32>, %v: tensor<?x?x384xf32>) {
  // expected-error @+1 {{value-rank: value [batch, heads, keys, dim] must have rank 4: expected rank 4, got rank 3 [?, ?, 384]}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x?x384xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

// The query's batch may be a static 1 (broadcast) or the keys' batch.
func.func @fused_attention_dot_key_batch_mismatch(%q: tensor<2x6x?x64xf32>, %k: tensor<4x6x?x64xf32>) {
  // expected-error @+1 {{batch: query dim 0 (batch, 1 to broadcast) vs key dim 0: expected 1 or 4, got 2}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<2x6x?x64xf32>, tensor<4x6x?x64xf32>, tensor<4x6x?x64xf32>) -> tensor<2x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_key_heads_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x8x?x64xf32>) {
  // expected-error @+1 {{heads: query dim 1 (heads, 1 to broadcast) vs key dim 1: expected 1 or 8, got 6}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x6x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

// Both the batch and the heads conflict: only the first is reported.
func.func @fused_attention_dot_batch_and_heads_mismatch(%q: tensor<2x6x?x64xf32>, %k: tensor<4x8x?x64xf32>) {
  // expected-error @+1 {{batch: query dim 0 (batch, 1 to broadcast) vs key dim 0: expected 1 or 4, got 2}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<2x6x?x64xf32>, tensor<4x8x?x64xf32>, tensor<4x8x?x64xf32>) -> tensor<2x6x?x64xf32>
  return
}

// -----

// A broadcast query (content attention's weight) against dynamic frames,
// with a static query batch that is neither 1 nor the frames'.
func.func @fused_attention_dot_broadcast_query_batch(%q: tensor<3x1x1x128xf32>, %f: tensor<2x1x?x128xf32>) {
  // expected-error @+1 {{batch: query dim 0 (batch, 1 to broadcast) vs key dim 0: expected 1 or 2, got 3}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<3x1x1x128xf32>, tensor<2x1x?x128xf32>, tensor<2x1x?x128xf32>) -> tensor<2x1x1x128xf32>
  return
}

// -----

// The query broadcasts over the heads, but the keys have 1 head: the
// query's 4 heads would broadcast the keys, which the op does not.
func.func @fused_attention_dot_query_heads_over_one(%q: tensor<?x4x1x128xf32>, %f: tensor<?x1x?x128xf32>) {
  // expected-error @+1 {{heads: query dim 1 (heads, 1 to broadcast) vs key dim 1: expected 1, got 4}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<?x4x1x128xf32>, tensor<?x1x?x128xf32>, tensor<?x1x?x128xf32>) -> tensor<?x4x1x128xf32>
  return
}

// -----

// The output's batch is the keys': a broadcast query does not make it 1.
func.func @fused_attention_dot_broadcast_query_result(%q: tensor<1x1x1x128xf32>, %f: tensor<2x1x?x128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x1x1x128xf32>', got 'tensor<1x1x1x128xf32>'}}
  %0 = asr.fused_attention dot %q, %f, %f : (tensor<1x1x1x128xf32>, tensor<2x1x?x128xf32>, tensor<2x1x?x128xf32>) -> tensor<1x1x1x128xf32>
  return
}

// -----

func.func @fused_attention_dot_value_batch_mismatch(%q: tensor<2x6x?x64xf32>, %v: tensor<3x6x?x64xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 2, got 3}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<3x6x?x64xf32>) -> tensor<2x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_value_heads_mismatch(%q: tensor<?x6x?x64xf32>, %v: tensor<?x1x?x64xf32>) {
  // expected-error @+1 {{heads: value dim 1 (heads): expected 6, got 1}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x1x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_value_keys_mismatch(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x448x64xf32>, %v: tensor<?x6x447x64xf32>) {
  // expected-error @+1 {{keys: value dim 2 vs key dim 2 (keys): expected 448, got 447}}
  %0 = asr.fused_attention dot %q, %k, %v : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>, tensor<?x6x447x64xf32>) -> tensor<?x6x1x64xf32>
  return
}

// -----

func.func @fused_attention_dot_head_dim_mismatch(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x32xf32>) {
  // expected-error @+1 {{head-dim: key dim 3 vs query dim 3: expected 64, got 32}}
  %0 = asr.fused_attention dot %q, %k, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x32xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_dot_key_lengths_batch_mismatch(%q: tensor<2x6x?x64xf32>, %len: tensor<3xi32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.fused_attention dot %q, %q, %q key_lengths %len : (tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<2x6x?x64xf32>, tensor<3xi32>) -> tensor<2x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_additive_query_rank(%q: tensor<?x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: projected query [batch, queries, attention] must have rank 3: expected rank 3, got rank 2 [?, 128]}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x512xf32>
  return
}

// -----

func.func @fused_attention_additive_key_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-rank: projected key [batch, keys, attention] must have rank 3: expected rank 3, got rank 2 [?, 128]}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_key_batch_mismatch(%q: tensor<4x1x128xf32>, %k: tensor<2x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 4, got 2}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<4x1x128xf32>, tensor<2x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<4x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_attention_dim_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x?x256xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: key dim 2 vs query dim 2: expected 128, got 256}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x256xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_without_v(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{additive-v: additive scores need the vector v [attention]: expected one, got none}}
  %0 = asr.fused_attention additive %q, %k, %h : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_bias_size(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{attention-dim: bias size: expected 128, got 512}}
  %0 = asr.fused_attention additive %q, %k, %h v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>, tensor<512xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_value_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x6x?x64xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{value-rank: value [batch, keys, dim] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 64]}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x6x?x64xf32>, tensor<128xf32>) -> tensor<?x1x64xf32>
  return
}

// -----

func.func @fused_attention_additive_value_batch_mismatch(%q: tensor<4x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<8x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 4, got 8}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<4x1x128xf32>, tensor<?x?x128xf32>, tensor<8x?x512xf32>, tensor<128xf32>) -> tensor<4x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_value_keys_mismatch(%q: tensor<?x1x128xf32>, %k: tensor<?x100x128xf32>, %h: tensor<?x200x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{keys: value dim 1 vs key dim 1 (keys): expected 100, got 200}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x100x128xf32>, tensor<?x200x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_additive_key_lengths_rank(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>, %len: tensor<i32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 0 []}}
  %0 = asr.fused_attention additive %q, %k, %h key_lengths %len v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<i32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}

// -----

func.func @fused_attention_return_probs_one_result(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{result-count: expected 2 results, got 1}}
  %0 = asr.fused_attention dot %q, %q, %q {return_probs} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

// -----

func.func @fused_attention_probs_without_return_probs(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{result-count: expected 1 results, got 2}}
  %0:2 = asr.fused_attention dot %q, %q, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>)
  return
}

// -----

func.func @fused_attention_dot_result_has_key_length(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x448x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x1x64xf32>', got 'tensor<?x6x448x64xf32>'}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>, tensor<?x6x448x64xf32>) -> tensor<?x6x448x64xf32>
  return
}

// -----

func.func @fused_attention_probs_over_value_dim(%q: tensor<?x1x128xf32>, %k: tensor<?x100x128xf32>, %h: tensor<?x100x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x1x100xf32>', got 'tensor<?x1x512xf32>'}}
  %0:2 = asr.fused_attention additive %q, %k, %h v %v {return_probs} : (tensor<?x1x128xf32>, tensor<?x100x128xf32>, tensor<?x100x512xf32>, tensor<128xf32>) -> (tensor<?x1x512xf32>, tensor<?x1x512xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.transpose
//===----------------------------------------------------------------------===//

// -----

func.func @transpose_perm_too_short(%x: tensor<?x?x6x64xf32>) {
  // expected-error @+1 {{permutation: perm needs one entry per dim: expected 4, got 3}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x?xf32>
  return
}

// -----

func.func @transpose_perm_repeats_dim(%x: tensor<?x?x6x64xf32>) {
  // expected-error @+1 {{permutation: perm must be a permutation of [0, 4): got [0, 2, 2, 3]}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 2, 3>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x6x64xf32>
  return
}

// -----

func.func @transpose_perm_out_of_range(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{permutation: perm must be a permutation of [0, 2): got [-1, 0]}}
  %0 = asr.transpose %x {perm = array<i64: -1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @transpose_result_not_permuted(%x: tensor<2x100x6x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x6x100x64xf32>', got 'tensor<2x100x6x64xf32>'}}
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x100x6x64xf32>) -> tensor<2x100x6x64xf32>
  return
}

// -----

func.func @transpose_changes_element_type(%x: tensor<?x?xi32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.transpose %x {perm = array<i64: 1, 0>} : (tensor<?x?xi32>) -> tensor<?x?xi64>
  return
}

//===----------------------------------------------------------------------===//
// asr.reshape
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_two_inferred_dims(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{reshape-spec: at most one -1 dim: got [0, -1, -1]}}
  %0 = asr.reshape %x {shape = array<i64: 0, -1, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @reshape_copy_past_input_rank(%x: tensor<?x384xf32>) {
  // expected-error @+1 {{reshape-spec: 0 copies the input dim at the same index, but the input has rank 2: got 0 at index 2}}
  %0 = asr.reshape %x {shape = array<i64: 0, 6, 0>} : (tensor<?x384xf32>) -> tensor<?x6x?xf32>
  return
}

// -----

func.func @reshape_negative_dim(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{reshape-spec: dims must be > 0, 0 (copy) or -1 (infer): got -2}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, -2>} : (tensor<?x?x384xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @reshape_inferred_dim_does_not_divide(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{element-count: cannot infer the -1 dim: 384 elements do not divide by 5}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 5, -1>} : (tensor<?x?x384xf32>) -> tensor<?x?x5x?xf32>
  return
}

// -----

func.func @reshape_changes_element_count(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{element-count: reshape [?, ?, 384] to [0, 0, 6, 32] changes the element count: expected 384, got 192}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 6, 32>} : (tensor<?x?x384xf32>) -> tensor<?x?x6x32xf32>
  return
}

// -----

func.func @reshape_result_type(%x: tensor<2x100x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x100x6x64xf32>', got 'tensor<2x100x64x6xf32>'}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 6, -1>} : (tensor<2x100x384xf32>) -> tensor<2x100x64x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.concat
//===----------------------------------------------------------------------===//

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %0 = asr.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<?x64xf32>, %b: tensor<?x256xf32>) {
  // expected-error @+1 {{axis: axis 2 out of range for rank 2: expected a value in [-2, 2), got 2}}
  %0 = asr.concat %a, %b {axis = 2 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x320xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%a: tensor<?x64xf32>, %b: tensor<?x1x256xf32>) {
  // expected-error @+1 {{rank: input #1 must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0 = asr.concat %a, %b {axis = -1 : i64} : (tensor<?x64xf32>, tensor<?x1x256xf32>) -> tensor<?x320xf32>
  return
}

// -----

func.func @concat_other_dim_mismatch(%x: tensor<?x?x384xf32>, %c: tensor<?x448x384xf32>, %y: tensor<?x?x512xf32>) {
  // expected-error @+1 {{dims: input #2 dim 2: expected 384, got 512}}
  %0 = asr.concat %x, %c, %y {axis = 1 : i64} : (tensor<?x?x384xf32>, tensor<?x448x384xf32>, tensor<?x?x512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @concat_result_size(%a: tensor<?x64xf32>, %b: tensor<?x256xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x320xf32>', got 'tensor<?x256xf32>'}}
  %0 = asr.concat %a, %b {axis = 1 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x256xf32>
  return
}

// -----

func.func @concat_mixed_element_types(%a: tensor<?x64xf32>, %b: tensor<?x256xf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.concat %a, %b {axis = 1 : i64} : (tensor<?x64xf32>, tensor<?x256xf16>) -> tensor<?x320xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.slice
//===----------------------------------------------------------------------===//

// -----

func.func @slice_axis_out_of_range(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{axis: axis -4 out of range for rank 3: expected a value in [-3, 3), got -4}}
  %0 = asr.slice %x {axis = -4 : i64, start = 0 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{step: step must be > 0, got 0}}
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, step = 0 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @slice_negative_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{start: start must be >= 0, got -1}}
  %0 = asr.slice %x {axis = 1 : i64, start = -1 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @slice_end_before_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{end: end must be -1 (the end of the axis) or >= start: expected >= 40, got 20}}
  %0 = asr.slice %x {axis = 2 : i64, start = 40 : i64, end = 20 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x0xf32>
  return
}

// -----

func.func @slice_result_rounds_down(%x: tensor<?x101x80xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x51x80xf32>', got 'tensor<?x50x80xf32>'}}
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, step = 2 : i64} : (tensor<?x101x80xf32>) -> tensor<?x50x80xf32>
  return
}

// -----

func.func @slice_missing_start(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{requires attribute 'start'}}
  %0 = asr.slice %x {axis = 1 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.update_slice
//===----------------------------------------------------------------------===//

// -----

func.func @update_slice_element_type(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf16>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf16>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @update_slice_dest_rank(%dest: tensor<?xi64>, %upd: tensor<?xi64>, %pos: tensor<?xi64>) {
  // expected-error @+1 {{dest-rank: dest [batch, length, ...] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.update_slice %dest, %upd, %pos : (tensor<?xi64>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  return
}

// -----

func.func @update_slice_update_rank(%cache: tensor<?x448x384xf32>, %k: tensor<?x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{update-rank: update (same rank as dest) must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @update_slice_update_longer_than_dest(%cache: tensor<?x448x384xf32>, %k: tensor<?x449x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{update-length: update is longer than dest along dim 1: expected at most 448, got 449}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x449x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @update_slice_features_mismatch(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x64xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{dims: update dim 2: expected 384, got 64}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x64xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @update_slice_batch_mismatch(%cache: tensor<4x448x384xf32>, %k: tensor<2x1x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{dims: update dim 0: expected 4, got 2}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<4x448x384xf32>, tensor<2x1x384xf32>, tensor<?xi32>) -> tensor<4x448x384xf32>
  return
}

// -----

func.func @update_slice_position_batch_mismatch(%cache: tensor<4x448x384xf32>, %k: tensor<4x1x384xf32>, %pos: tensor<8xi32>) {
  // expected-error @+1 {{position: lengths (one per utterance) size: expected 4, got 8}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<4x448x384xf32>, tensor<4x1x384xf32>, tensor<8xi32>) -> tensor<4x448x384xf32>
  return
}

// -----

func.func @update_slice_float_position(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf32>, %pos: tensor<?xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xf32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @update_slice_result_has_update_shape(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf32>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x448x384xf32>', got 'tensor<?x1x384xf32>'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
  return
}

// -----

func.func @softmax_both_masks_rank2(%x: tensor<?x?xf32>, %len: tensor<?xi32>) {
  // expected-error @+1 {{input-rank: input with padding and causal masks [batch, ..., queries, keys] must have rank >= 3: expected rank >= 3, got rank 2 [?, ?]}}
  %0 = asr.softmax %x lengths %len {causal} : (tensor<?x?xf32>, tensor<?xi32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @fused_attention_additive_scaled(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{additive-scale: additive scores are not scaled: expected 1, got 0.5}}
  %0 = asr.fused_attention additive %q, %k, %h v %v {scale = 5.000000e-01 : f32} : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  return
}
