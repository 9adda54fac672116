

func.func @learned_position_offset_batch_mismatch(%x: tensor<2x1x384xf32>, %t: tensor<448x384xf32>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) size: expected 2, got 1}}
  %0 = asr.learned_position %x, %t offset %pos : (tensor<2x1x384xf32>, tensor<448x384xf32>, tensor<1xi32>) -> tensor<2x1x384xf32>
  return
}

