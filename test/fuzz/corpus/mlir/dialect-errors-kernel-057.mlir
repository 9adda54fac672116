

func.func @attention_score_dot_result_transposed(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x1500x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x1x1500xf32>', got 'tensor<?x6x1500x1xf32>'}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x1x64xf32>, tensor<?x6x1500x64xf32>) -> tensor<?x6x1500x1xf32>
  return
}

