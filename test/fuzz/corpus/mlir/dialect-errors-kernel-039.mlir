

func.func @reduce_result_drops_kept_dim(%x: tensor<?x6x?x?xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x1xf32>', got 'tensor<?x6x?xf32>'}}
  %0 = asr.reduce max %x {axes = array<i64: -1>, keep_dims} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?xf32>
  return
}

