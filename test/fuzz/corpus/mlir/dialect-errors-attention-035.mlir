

func.func @sdpa_result_has_value_features(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x448x768xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x768xf32>', got 'tensor<?x1x384xf32>'}}
  %0 = asr.sdpa %q, %k, %v {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x768xf32>) -> tensor<?x1x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.additive_attention
//===----------------------------------------------------------------------===//

