

func.func @max_result_element_type(%x: tensor<?x?x384xf32>, %y: tensor<?x?x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.max %x, %y : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.glu
//===----------------------------------------------------------------------===//

