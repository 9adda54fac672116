

func.func @embedding_scalar_tokens(%tok: tensor<i32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{tokens-rank: tokens must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.embedding %tok, %t : (tensor<i32>, tensor<51865x384xf32>) -> tensor<384xf32>
  return
}

