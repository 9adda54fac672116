

func.func @matmul_mixed_element_types(%a: tensor<?x?x384xf16>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = asr.matmul %a, %w {transpose_rhs} : (tensor<?x?x384xf16>, tensor<1536x384xf32>) -> tensor<?x?x1536xf16>
  return
}

