

func.func @learned_position_more_frames_than_positions(%x: tensor<?x500x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{max-positions: input has more frames than the table has positions: expected at most 448, got 500}}
  %0 = asr.learned_position %x, %t : (tensor<?x500x384xf32>, tensor<448x384xf32>) -> tensor<?x500x384xf32>
  return
}

