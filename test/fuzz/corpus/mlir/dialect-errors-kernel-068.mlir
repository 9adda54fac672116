

func.func @attention_score_unknown_kind(%q: tensor<?x6x?x64xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [dot, additive]}}
  %0 = asr.attention_score general %q, %q : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.weighted_sum
//===----------------------------------------------------------------------===//

