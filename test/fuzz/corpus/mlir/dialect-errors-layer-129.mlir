

func.func @learned_position_table_rank(%x: tensor<?x?x384xf32>, %t: tensor<448x1x384xf32>) {
  // expected-error @+1 {{table-rank: table [positions, features] must have rank 2: expected rank 2, got rank 3 [448, 1, 384]}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x1x384xf32>) -> tensor<?x?x384xf32>
  return
}

