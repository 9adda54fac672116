
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

