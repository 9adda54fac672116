

func.func @sdpa_key_lengths_rank(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %n: tensor<?x448xi32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 2 [?, 448]}}
  %0 = asr.sdpa %q, %k, %k key_lengths %n {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x384xf32>, tensor<?x448xi32>) -> tensor<?x1x384xf32>
  return
}

