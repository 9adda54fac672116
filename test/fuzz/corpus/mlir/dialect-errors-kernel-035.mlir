

func.func @matmul_result_ignores_transpose(%a: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1536xf32>', got 'tensor<?x?x384xf32>'}}
  %0 = asr.matmul %a, %w {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.reduce
//===----------------------------------------------------------------------===//

