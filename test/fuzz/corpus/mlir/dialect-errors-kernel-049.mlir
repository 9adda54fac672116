

func.func @log_softmax_changes_type(%x: tensor<?x?x32xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.log_softmax"(%x) <{axis = -1 : i64}> : (tensor<?x?x32xf32>) -> tensor<?x?x32xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.attention_score
//===----------------------------------------------------------------------===//

