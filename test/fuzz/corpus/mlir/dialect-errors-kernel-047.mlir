

func.func @softmax_result_changes_shape(%s: tensor<?x6x?x?xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x?x?xf32>', got 'tensor<?x?x?xf32>'}}
  %0 = asr.softmax %s : (tensor<?x6x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

