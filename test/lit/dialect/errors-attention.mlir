// RUN: asr-opt %s -split-input-file -verify-diagnostics

// Shape rules of the attention layers: multi-head (with and without
// projections) and the single-step decoder attentions (additive,
// location-aware, Luong, content). One case per (op, rule).

//===----------------------------------------------------------------------===//
// asr.multi_head_attention
//===----------------------------------------------------------------------===//

func.func @multi_head_attention_query_rank(%x: tensor<?x384xf32>, %kv: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{query-rank: query [batch, queries, features] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x384xf32>
  return
}

// -----

func.func @multi_head_attention_key_value_rank(%x: tensor<?x?x384xf32>, %kv: tensor<?x?x6x64xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{key-rank: key_value [batch, keys, features] must have rank 3: expected rank 3, got rank 4 [?, ?, 6, 64]}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x6x64xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_weight_element_type(%x: tensor<?x?x384xf16>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f16', got 'f32'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf16>, tensor<?x?x384xf16>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf16>
  return
}

// -----

func.func @multi_head_attention_bias_element_type(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xbf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_zero_heads(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{num-heads: num_heads must be > 0, got 0}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 0 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_missing_num_heads(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{requires attribute 'num_heads'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_three_weights(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{weight-count: weights must be (wq, wk, wv, wo): expected 4 tensors, got 3}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_weight_rank(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wo: tensor<384x6x64xf32>) {
  // expected-error @+1 {{weight-rank: projection weight [out, in] must have rank 2: expected rank 2, got rank 3 [384, 6, 64]}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x6x64xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_has_bias_three_flags(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{has-bias: has_bias needs one flag per projection (q, k, v, o): expected 4, got 3}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b) {num_heads = 6 : i64, has_bias = array<i1: true, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

// The default has_bias says all four projections have a bias.
func.func @multi_head_attention_missing_biases(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{bias-count: has_bias says 4 biases: expected 4 bias tensors, got 0}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_bias_count_vs_flags(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{bias-count: has_bias says 3 biases: expected 3 bias tensors, got 4}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b, %b) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_batch_mismatch(%x: tensor<2x?x384xf32>, %kv: tensor<3x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{batch: key_value dim 0 (batch): expected 2, got 3}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<2x?x384xf32>, tensor<3x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<2x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_wq_in_features(%x: tensor<?x?x256xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{in-features: wq dim 1 vs the query's features: expected 256, got 384}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

// Cross-attention whose key projection expects the decoder's width instead
// of the encoder's.
func.func @multi_head_attention_wk_in_features(%q: tensor<?x?x384xf32>, %enc: tensor<?x?x512xf32>, %w: tensor<384x384xf32>, %wv: tensor<384x512xf32>) {
  // expected-error @+1 {{in-features: wk dim 1 vs key_value's features: expected 512, got 384}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %wv, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_wv_in_features(%q: tensor<?x?x384xf32>, %enc: tensor<?x?x512xf32>, %w: tensor<384x384xf32>, %wk: tensor<384x512xf32>) {
  // expected-error @+1 {{in-features: wv dim 1 vs key_value's features: expected 512, got 384}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %wk, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_qk_features_mismatch(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wk: tensor<256x384xf32>) {
  // expected-error @+1 {{qk-features: wk dim 0 vs wq dim 0: expected 384, got 256}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %wk, %w, %w) {num_heads = 4 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<256x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_wo_in_features(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wo: tensor<384x512xf32>) {
  // expected-error @+1 {{in-features: wo dim 1 vs wv dim 0: expected 384, got 512}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_heads_do_not_divide_wq(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{head-split: wq dim 0 must divide into 5 heads: expected a multiple of 5, got 384}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 5 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_heads_do_not_divide_wv(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wv: tensor<100x384xf32>, %wo: tensor<384x100xf32>) {
  // expected-error @+1 {{head-split: wv dim 0 must divide into 6 heads: expected a multiple of 6, got 100}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %wv, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<100x384xf32>, tensor<384x100xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

// has_bias says q and v have biases; the second one (v's) has the wrong size.
func.func @multi_head_attention_value_bias_size(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>, %bad: tensor<512xf32>) {
  // expected-error @+1 {{bias-size: bias of projection 2 size: expected 384, got 512}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %bad) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_key_lengths_batch_mismatch(%x: tensor<2x?x384xf32>, %len: tensor<4xi32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 2, got 4}}
  %0 = asr.multi_head_attention %x, %x key_lengths %len weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<2x?x384xf32>, tensor<2x?x384xf32>, tensor<4xi32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<2x?x384xf32>
  return
}

// -----

func.func @multi_head_attention_float_key_lengths(%x: tensor<?x?x384xf32>, %len: tensor<?xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.multi_head_attention %x, %x key_lengths %len weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

// Cross-attention keeps the query's length, not the encoder's.
func.func @multi_head_attention_result_has_key_length(%q: tensor<?x1x384xf32>, %enc: tensor<?x1500x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x384xf32>', got 'tensor<?x1500x384xf32>'}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x1x384xf32>, tensor<?x1500x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x1500x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.sdpa
//===----------------------------------------------------------------------===//

// -----

func.func @sdpa_query_rank(%q: tensor<?x6x?x64xf32>, %k: tensor<?x?x384xf32>) {
  // expected-error @+1 {{query-rank: query [batch, queries, heads*dim] must have rank 3: expected rank 3, got rank 4 [?, 6, ?, 64]}}
  %0 = asr.sdpa %q, %k, %k {num_heads = 6 : i64} : (tensor<?x6x?x64xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_key_rank(%q: tensor<?x?x384xf32>, %k: tensor<?x384xf32>, %v: tensor<?x?x384xf32>) {
  // expected-error @+1 {{key-rank: key [batch, keys, heads*dim] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_value_rank(%q: tensor<?x?x384xf32>, %v: tensor<?x384xf32>) {
  // expected-error @+1 {{value-rank: value [batch, keys, heads*dim] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_value_element_type(%q: tensor<?x?x384xf32>, %v: tensor<?x?x384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_negative_heads(%q: tensor<?x?x384xf32>) {
  // expected-error @+1 {{num-heads: num_heads must be > 0, got -6}}
  %0 = asr.sdpa %q, %q, %q {num_heads = -6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_key_batch_mismatch(%q: tensor<2x1x384xf32>, %k: tensor<3x448x384xf32>) {
  // expected-error @+1 {{batch: key dim 0 (batch): expected 2, got 3}}
  %0 = asr.sdpa %q, %k, %k {num_heads = 6 : i64} : (tensor<2x1x384xf32>, tensor<3x448x384xf32>, tensor<3x448x384xf32>) -> tensor<2x1x384xf32>
  return
}

// -----

func.func @sdpa_value_batch_mismatch(%q: tensor<2x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<3x448x384xf32>) {
  // expected-error @+1 {{batch: value dim 0 (batch): expected 2, got 3}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<2x1x384xf32>, tensor<?x448x384xf32>, tensor<3x448x384xf32>) -> tensor<2x1x384xf32>
  return
}

// -----

func.func @sdpa_value_keys_mismatch(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x447x384xf32>) {
  // expected-error @+1 {{keys: value dim 1 vs key dim 1 (keys): expected 448, got 447}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x447x384xf32>) -> tensor<?x1x384xf32>
  return
}

// -----

func.func @sdpa_qk_features_mismatch(%q: tensor<?x1x384xf32>, %k: tensor<?x448x512xf32>, %v: tensor<?x448x384xf32>) {
  // expected-error @+1 {{qk-features: key features vs query features: expected 384, got 512}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x512xf32>, tensor<?x448x384xf32>) -> tensor<?x1x384xf32>
  return
}

// -----

func.func @sdpa_heads_do_not_divide_query(%q: tensor<?x?x384xf32>) {
  // expected-error @+1 {{head-split: query features must be static and divide into 5 heads: expected a multiple of 5, got [384]}}
  %0 = asr.sdpa %q, %q, %q {num_heads = 5 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @sdpa_dynamic_value_features(%q: tensor<?x?x384xf32>, %v: tensor<?x?x?xf32>) {
  // expected-error @+1 {{head-split: value features must be static and divide into 6 heads: expected a multiple of 6, got [?]}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @sdpa_key_lengths_rank(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %n: tensor<?x448xi32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 2 [?, 448]}}
  %0 = asr.sdpa %q, %k, %k key_lengths %n {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x384xf32>, tensor<?x448xi32>) -> tensor<?x1x384xf32>
  return
}

// -----

func.func @sdpa_result_has_value_features(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x448x768xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x768xf32>', got 'tensor<?x1x384xf32>'}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x768xf32>) -> tensor<?x1x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.additive_attention
//===----------------------------------------------------------------------===//

// -----

func.func @additive_attention_query_rank(%s: tensor<?x1x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: query [batch, features] must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x1x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_keys_rank(%s: tensor<?x256xf32>, %h: tensor<?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-rank: keys [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_keys_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xbf16>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xbf16>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_v_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf16>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_values_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{value-rank: values [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 320]}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_keys_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<8x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: keys dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<8x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

// -----

func.func @additive_attention_values_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<8x?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: values dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<?x?x512xf32>, tensor<8x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x320xf32>, tensor<4x?xf32>)
  return
}

// -----

// Both the values' batch and time conflict: only the first is reported.
func.func @additive_attention_values_batch_and_time_mismatch(%s: tensor<4x256xf32>, %h: tensor<?x100x512xf32>, %val: tensor<8x50x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: values dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<?x100x512xf32>, tensor<8x50x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x320xf32>, tensor<4x100xf32>)
  return
}

// -----

func.func @additive_attention_values_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %val: tensor<?x50x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{time: values dim 1 vs keys dim 1 (time): expected 100, got 50}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x50x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x100xf32>)
  return
}

// -----

func.func @additive_attention_key_lengths_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<4x?x512xf32>, %len: tensor<2xi32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 4, got 2}}
  %0:2 = asr.additive_attention %s, %h key_lengths %len weights(%wq, %wk, %v) : (tensor<4x256xf32>, tensor<4x?x512xf32>, tensor<2xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

// -----

func.func @additive_attention_w_query_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_query [attention, query features] must have rank 2: expected rank 2, got rank 1 [128]}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_w_key_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<1x128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_key [attention, key features] must have rank 2: expected rank 2, got rank 3 [1, 128, 512]}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<1x128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_attention_dim_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<64x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: w_key dim 0 vs w_query dim 0: expected 128, got 64}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<64x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_query_features_mismatch(%s: tensor<?x320xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-features: w_query dim 1 vs the query's features: expected 320, got 256}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x320xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-features: w_key dim 1 vs the keys' features: expected 256, got 512}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_v_size_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<256xf32>) {
  // expected-error @+1 {{attention-dim: v size: expected 128, got 256}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<256xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_bias_size_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{attention-dim: bias size: expected 128, got 512}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) bias %b : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>, tensor<512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

// With separate values the context has the values' width.
func.func @additive_attention_context_has_key_features(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x320xf32>', got 'tensor<?x512xf32>'}}
  %0:2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @additive_attention_alignment_over_features(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x512xf32>'}}
  %0:2 = asr.additive_attention %s, %h weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x512xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.location_attention
//===----------------------------------------------------------------------===//

// -----

func.func @location_attention_query_rank(%s: tensor<256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-rank: query [batch, features] must have rank 2: expected rank 2, got rank 1 [256]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_filter_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf16>, %v: tensor<128xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf16>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_query_features_mismatch(%s: tensor<?x320xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{query-features: w_query dim 1 vs the query's features: expected 320, got 256}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x320xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_keys_rank(%s: tensor<?x256xf32>, %h: tensor<?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-rank: keys [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_values_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %val: tensor<?x320xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{value-rank: values [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 320]}}
  %0:2 = asr.location_attention %s, %h, %prev values %val weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_keys_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<2x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: keys dim 0 (batch): expected 4, got 2}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<4x256xf32>, tensor<2x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

// -----

func.func @location_attention_key_lengths_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %len: tensor<?x1xi32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 2 [?, 1]}}
  %0:2 = asr.location_attention %s, %h, %prev key_lengths %len weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<?x1xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_w_key_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_key [attention, key features] must have rank 2: expected rank 2, got rank 1 [512]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x320xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{key-features: w_key dim 1 vs the keys' features: expected 320, got 512}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x320xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_v_size_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<32xf32>) {
  // expected-error @+1 {{attention-dim: v size: expected 128, got 32}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<32xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_alignment_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x1x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{alignment-rank: prev_alignment [batch, time] must have rank 2: expected rank 2, got rank 3 [?, 1, ?]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x1x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_filter_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{filter-rank: filter [channels, 1, kernel] must have rank 3: expected rank 3, got rank 2 [32, 31]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_w_location_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{weight-rank: w_location [attention, channels] must have rank 2: expected rank 2, got rank 1 [128]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_alignment_batch_mismatch(%s: tensor<4x256xf32>, %h: tensor<4x?x512xf32>, %prev: tensor<2x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{batch: prev_alignment dim 0 (batch): expected 4, got 2}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<4x256xf32>, tensor<4x?x512xf32>, tensor<2x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<4x512xf32>, tensor<4x?xf32>)
  return
}

// -----

func.func @location_attention_alignment_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %prev: tensor<?x99xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{time: prev_alignment dim 1 vs keys dim 1 (time): expected 100, got 99}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x99xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x100xf32>)
  return
}

// -----

func.func @location_attention_filter_input_channels(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x2x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{filter-channels: filter dim 1 (input channels): expected 1, got 2}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x2x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_w_location_attention_dim(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<64x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{attention-dim: w_location dim 0: expected 128, got 64}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<64x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_w_location_channels(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x10xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{filter-channels: w_location dim 1 vs filter dim 0 (channels): expected 32, got 10}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x10xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_even_filter_width(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x30xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{odd-kernel: the location filter needs an odd static width for same padding: got [30]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x30xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_dynamic_filter_width(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x?xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{odd-kernel: the location filter needs an odd static width for same padding: got [?]}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x?xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @location_attention_wrong_alignment_length(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x50xf32>'}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x50xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.luong_attention
//===----------------------------------------------------------------------===//

// -----

func.func @luong_attention_query_rank(%s: tensor<?x1x256xf32>, %h: tensor<?x?x256xf32>) {
  // expected-error @+1 {{query-rank: query [batch, features] must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x1x256xf32>, tensor<?x?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_values_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %val: tensor<?x512xf32>) {
  // expected-error @+1 {{value-rank: values [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0:2 = asr.luong_attention dot %s, %h values %val : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_keys_batch_mismatch(%s: tensor<2x256xf32>, %h: tensor<3x?x256xf32>) {
  // expected-error @+1 {{batch: keys dim 0 (batch): expected 2, got 3}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<2x256xf32>, tensor<3x?x256xf32>) -> (tensor<2x256xf32>, tensor<2x?xf32>)
  return
}

// -----

func.func @luong_attention_keys_rank(%s: tensor<?x256xf32>, %h: tensor<?x256xf32>) {
  // expected-error @+1 {{key-rank: keys [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 256]}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x256xf32>, tensor<?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_values_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x256xf32>, %val: tensor<?x101x512xf32>) {
  // expected-error @+1 {{time: values dim 1 vs keys dim 1 (time): expected 100, got 101}}
  %0:2 = asr.luong_attention dot %s, %h values %val : (tensor<?x256xf32>, tensor<?x100x256xf32>, tensor<?x101x512xf32>) -> (tensor<?x512xf32>, tensor<?x100xf32>)
  return
}

// -----

func.func @luong_attention_key_lengths_batch_mismatch(%s: tensor<3x256xf32>, %h: tensor<?x?x256xf32>, %len: tensor<5xi64>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 3, got 5}}
  %0:2 = asr.luong_attention dot %s, %h key_lengths %len : (tensor<3x256xf32>, tensor<?x?x256xf32>, tensor<5xi64>) -> (tensor<3x256xf32>, tensor<3x?xf32>)
  return
}

// -----

func.func @luong_attention_weight_element_type(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x512xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xbf16>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_dot_with_weight(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %w: tensor<256x256xf32>) {
  // expected-error @+1 {{mode-weight: dot mode takes no weight: expected none, got one}}
  %0:2 = asr.luong_attention dot %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<256x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_general_without_weight(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{mode-weight: general mode needs a weight [query features, key features]: expected one, got none}}
  %0:2 = asr.luong_attention general %s, %h : (tensor<?x256xf32>, tensor<?x?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_dot_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>) {
  // expected-error @+1 {{key-features: keys' features vs the query's features: expected 256, got 512}}
  %0:2 = asr.luong_attention dot %s, %h : (tensor<?x256xf32>, tensor<?x?x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_general_weight_rank(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<512xf32>) {
  // expected-error @+1 {{weight-rank: weight [query features, key features] must have rank 2: expected rank 2, got rank 1 [512]}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

// The general weight transposed ([Dk, Dq] instead of [Dq, Dk]).
func.func @luong_attention_general_weight_transposed(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<512x256xf32>) {
  // expected-error @+1 {{query-features: weight dim 0 vs the query's features: expected 256, got 512}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<512x256xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_general_key_features_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x320xf32>) {
  // expected-error @+1 {{key-features: weight dim 1 vs the keys' features: expected 512, got 320}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x320xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_context_has_query_features(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %w: tensor<256x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x512xf32>', got 'tensor<?x256xf32>'}}
  %0:2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @luong_attention_unknown_mode(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'mode' [dot, general]}}
  %0:2 = asr.luong_attention concat %s, %h : (tensor<?x256xf32>, tensor<?x?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.content_attention
//===----------------------------------------------------------------------===//

// -----

func.func @content_attention_input_rank(%h: tensor<?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 256]}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_weight_rank(%h: tensor<?x?x256xf32>, %w: tensor<256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{weight-rank: w [1, features] must have rank 2: expected rank 2, got rank 1 [256]}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_bias_element_type(%h: tensor<?x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf16>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_two_scores_per_frame(%h: tensor<?x?x256xf32>, %w: tensor<2x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{score-count: w dim 0 (one score per frame): expected 1, got 2}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<2x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_in_features_mismatch(%h: tensor<?x?x256xf32>, %w: tensor<1x512xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{in-features: w dim 1 vs the input's features: expected 256, got 512}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x512xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_bias_size(%h: tensor<?x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<256xf32>) {
  // expected-error @+1 {{bias-size: b size: expected 1, got 256}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @content_attention_lengths_batch_mismatch(%h: tensor<8x?x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>, %len: tensor<4xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 8, got 4}}
  %0:2 = asr.content_attention %h, %w, %b lengths %len : (tensor<8x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>, tensor<4xi32>) -> (tensor<8x256xf32>, tensor<8x?xf32>)
  return
}

// -----

func.func @content_attention_alignment_over_features(%h: tensor<?x100x256xf32>, %w: tensor<1x256xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x256xf32>'}}
  %0:2 = asr.content_attention %h, %w, %b : (tensor<?x100x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}
