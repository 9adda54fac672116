

func.func @sub_result_element_type(%len: tensor<?xi32>, %one: tensor<1xi32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?xi32>', got 'tensor<?xi64>'}}
  %0 = asr.sub %len, %one : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi64>
  return
}

