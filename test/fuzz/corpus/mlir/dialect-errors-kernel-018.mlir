

func.func @add_mixed_element_types(%x: tensor<?xi32>, %y: tensor<?xf32>) {
  // expected-error @+1 {{requires the same element type for all operands}}
  %0 = asr.add %x, %y : (tensor<?xi32>, tensor<?xf32>) -> tensor<?xi32>
  return
}

