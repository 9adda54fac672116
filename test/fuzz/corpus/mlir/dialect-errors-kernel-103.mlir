

func.func @fused_attention_probs_without_return_probs(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{result-count: expected 1 results, got 2}}
  %0:2 = asr.fused_attention dot %q, %q, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>)
  return
}

