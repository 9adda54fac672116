
// Shape rules of the layer-level ops without attention (weights,
// convolutions, linear, norms, recurrent layers, positions, embeddings,
// feed-forward): one case per (op, rule), named after what is wrong.

//===----------------------------------------------------------------------===//
// asr.weight
//===----------------------------------------------------------------------===//

func.func @weight_empty_key() {
  // expected-error @+1 {{weight-key: the weight name must not be empty}}
  %0 = asr.weight "" : tensor<384x80x3xf32>
  return
}

