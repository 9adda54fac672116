

func.func @sinusoidal_position_offset_batch_mismatch(%x: tensor<4x1x384xf32>, %pos: tensor<5xi32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) size: expected 4, got 5}}
  %0 = asr.sinusoidal_position interleaved %x offset %pos : (tensor<4x1x384xf32>, tensor<5xi32>) -> tensor<4x1x384xf32>
  return
}

