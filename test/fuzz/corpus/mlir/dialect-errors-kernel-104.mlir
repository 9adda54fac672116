

func.func @fused_attention_dot_result_has_key_length(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x448x64xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x6x1x64xf32>', got 'tensor<?x6x448x64xf32>'}}
  %0 = asr.fused_attention dot %q, %k, %k : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>, tensor<?x6x448x64xf32>) -> tensor<?x6x448x64xf32>
  return
}

