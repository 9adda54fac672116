

func.func @update_slice_position_batch_mismatch(%cache: tensor<4x448x384xf32>, %k: tensor<4x1x384xf32>, %pos: tensor<8xi32>) {
  // expected-error @+1 {{position: lengths (one per utterance) size: expected 4, got 8}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<4x448x384xf32>, tensor<4x1x384xf32>, tensor<8xi32>) -> tensor<4x448x384xf32>
  return
}

