

func.func @fused_attention_value_element_type(%q: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.fused_attention dot %q, %q, %v : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xbf16>) -> tensor<?x6x?x64xf32>
  return
}

