

func.func @concat_rank_mismatch(%a: tensor<?x64xf32>, %b: tensor<?x1x256xf32>) {
  // expected-error @+1 {{rank: input #1 must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0 = asr.concat %a, %b {axis = -1 : i64} : (tensor<?x64xf32>, tensor<?x1x256xf32>) -> tensor<?x320xf32>
  return
}

