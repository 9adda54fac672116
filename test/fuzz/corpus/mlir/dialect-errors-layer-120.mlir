

func.func @subsample_lengths_changes_type(%len: tensor<?xi32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.subsample_lengths"(%len) {kernel = 3 : i64} : (tensor<?xi32>) -> tensor<?xi64>
  return
}

//===----------------------------------------------------------------------===//
// asr.sinusoidal_position, asr.learned_position, asr.embedding
//===----------------------------------------------------------------------===//

