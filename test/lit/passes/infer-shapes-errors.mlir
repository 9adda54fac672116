// RUN: asr-opt %s --asr-infer-shapes -split-input-file -verify-diagnostics

// Each function verifies as written (`?` unifies with any size), but once
// asr-infer-shapes refines an earlier result the shapes conflict. The pass
// reports the first conflict at the op where it appears and stops.

// A Whisper-style encoder without the stride-2 convolution: 3000 frames do
// not fit the 1500-entry position table.
func.func @learned_position_too_many_frames_after_refinement(%x: tensor<?x3000x80xf32>) -> tensor<?x?x384xf32> {
  %w = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf32>
  %t = asr.weight "encoder.positional_embedding" : tensor<1500x384xf32>
  %0 = asr.conv1d %x, %w {padding = 1 : i64} : (tensor<?x3000x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  // expected-error @+1 {{max-positions: input has more frames than the table has positions: expected at most 1500, got 3000}}
  %1 = asr.learned_position %0, %t : (tensor<?x?x384xf32>, tensor<1500x384xf32>) -> tensor<?x?x384xf32>
  return %1 : tensor<?x?x384xf32>
}

// -----

func.func @residual_broadcast_conflict_after_refinement(%x: tensor<2x7x80xf32>, %r: tensor<2x7x32xf32>) -> tensor<?x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %0 = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{broadcast: shapes [2, 7, 16] and [2, 7, 32] do not broadcast at dim 2: expected 16 or 1, got 32}}
  %1 = asr.add %0, %r : (tensor<?x?x?xf32>, tensor<2x7x32xf32>) -> tensor<?x?x?xf32>
  return %1 : tensor<?x?x?xf32>
}

// -----

func.func @layer_norm_param_size_after_refinement(%x: tensor<?x?x80xf32>) -> tensor<?x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<256x80xf32>
  %g = asr.weight "ln.weight" : tensor<384xf32>
  %0 = asr.linear %x, %w : (tensor<?x?x80xf32>, tensor<256x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{param-size: gamma size: expected 256, got 384}}
  %1 = asr.layer_norm %0, %g, %g : (tensor<?x?x?xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x?xf32>
  return %1 : tensor<?x?x?xf32>
}

// -----

// The declared result of the transpose was written for the wrong
// permutation; it only conflicts once its input is static.
func.func @declared_result_conflicts_after_refinement(%x: tensor<2x7x80xf32>) -> tensor<2x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %0 = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{result-type: result #0: expected 'tensor<7x2x16xf32>', got 'tensor<2x?x?xf32>'}}
  %1 = asr.transpose %0 {perm = array<i64: 1, 0, 2>} : (tensor<?x?x?xf32>) -> tensor<2x?x?xf32>
  return %1 : tensor<2x?x?xf32>
}

// -----

// Splitting heads of 64 out of a projection that is only 100 wide.
func.func @head_split_element_count_after_refinement(%x: tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32> {
  %w = asr.weight "proj.weight" : tensor<100x384xf32>
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<100x384xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{element-count: reshape [?, ?, 100] to [0, 0, 6, 64] changes the element count: expected 100, got 384}}
  %1 = asr.reshape %0 {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x?x?xf32>) -> tensor<?x?x6x64xf32>
  return %1 : tensor<?x?x6x64xf32>
}

// -----

// Cross-attention over an encoder output whose width the pass has just
// made static.
func.func @cross_attention_key_features_after_refinement(%q: tensor<?x?x384xf32>, %h: tensor<?x?x80xf32>) -> tensor<?x?x384xf32> {
  %we = asr.weight "encoder.proj.weight" : tensor<512x80xf32>
  %w = asr.weight "attn.weight" : tensor<384x384xf32>
  %enc = asr.linear %h, %we : (tensor<?x?x80xf32>, tensor<512x80xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{in-features: wk dim 1 vs key_value's features: expected 512, got 384}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x?xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return %0 : tensor<?x?x384xf32>
}
