

func.func @update_slice_element_type(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf16>, %pos: tensor<?xi32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf16>, tensor<?xi32>) -> tensor<?x448x384xf32>
  return
}

