

func.func @learned_position_table_element_type(%x: tensor<?x?x384xf32>, %t: tensor<448x384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x384xf16>) -> tensor<?x?x384xf32>
  return
}

