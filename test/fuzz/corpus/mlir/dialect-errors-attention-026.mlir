

func.func @sdpa_value_element_type(%q: tensor<?x?x384xf32>, %v: tensor<?x?x384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.sdpa %q, %q, %v {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf16>) -> tensor<?x?x384xf32>
  return
}

