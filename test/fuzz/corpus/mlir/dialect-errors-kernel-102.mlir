

func.func @fused_attention_return_probs_one_result(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{result-count: expected 2 results, got 1}}
  %0 = asr.fused_attention dot %q, %q, %q {return_probs} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return
}

