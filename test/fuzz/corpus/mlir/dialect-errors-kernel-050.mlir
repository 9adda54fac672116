

func.func @attention_score_key_element_type(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.attention_score dot %q, %k : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf16>) -> tensor<?x6x?x?xf32>
  return
}

