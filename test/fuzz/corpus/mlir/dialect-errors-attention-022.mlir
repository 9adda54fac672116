

// Cross-attention keeps the query's length, not the encoder's.
func.func @multi_head_attention_result_has_key_length(%q: tensor<?x1x384xf32>, %enc: tensor<?x1500x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x384xf32>', got 'tensor<?x1500x384xf32>'}}
  %0 = asr.multi_head_attention %q, %enc weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x1x384xf32>, tensor<?x1500x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x1500x384xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.sdpa
//===----------------------------------------------------------------------===//

