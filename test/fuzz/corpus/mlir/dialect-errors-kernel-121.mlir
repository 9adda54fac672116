

func.func @concat_result_size(%a: tensor<?x64xf32>, %b: tensor<?x256xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x320xf32>', got 'tensor<?x256xf32>'}}
  %0 = asr.concat %a, %b {axis = 1 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x256xf32>
  return
}

