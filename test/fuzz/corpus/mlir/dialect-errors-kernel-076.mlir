

func.func @fused_attention_v_element_type(%q: tensor<?x1x128xf32>, %k: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %v: tensor<128xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.fused_attention additive %q, %k, %h v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<128xf16>) -> tensor<?x1x512xf32>
  return
}

