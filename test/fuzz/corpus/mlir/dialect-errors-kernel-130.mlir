

func.func @update_slice_dest_rank(%dest: tensor<?xi64>, %upd: tensor<?xi64>, %pos: tensor<?xi64>) {
  // expected-error @+1 {{dest-rank: dest [batch, length, ...] must have rank >= 2: expected rank >= 2, got rank 1 [?]}}
  %0 = asr.update_slice %dest, %upd, %pos : (tensor<?xi64>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  return
}

