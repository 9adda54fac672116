

func.func @embedding_table_rank(%tok: tensor<?x?xi32>, %t: tensor<51865xf32>) {
  // expected-error @+1 {{table-rank: table [vocabulary, features] must have rank 2: expected rank 2, got rank 1 [51865]}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xi32>, tensor<51865xf32>) -> tensor<?x?x1xf32>
  return
}

