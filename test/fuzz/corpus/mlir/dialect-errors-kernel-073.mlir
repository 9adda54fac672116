

func.func @weighted_sum_mixed_element_types(%p: tensor<?x1x?xf16>, %v: tensor<?x?x512xf32>) {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x?xf16>, tensor<?x?x512xf32>) -> tensor<?x1x512xf16>
  return
}

