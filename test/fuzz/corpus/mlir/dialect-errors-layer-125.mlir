

func.func @sinusoidal_position_offset_rank(%x: tensor<?x1x384xf32>, %pos: tensor<i32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) must have rank 1: expected rank 1, got rank 0 []}}
  %0 = asr.sinusoidal_position interleaved %x offset %pos : (tensor<?x1x384xf32>, tensor<i32>) -> tensor<?x1x384xf32>
  return
}

