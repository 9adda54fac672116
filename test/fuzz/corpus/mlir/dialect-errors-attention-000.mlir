
// Shape rules of the attention layers: multi-head (with and without
// projections) and the single-step decoder attentions (additive,
// location-aware, Luong, content). One case per (op, rule).

//===----------------------------------------------------------------------===//
// asr.multi_head_attention
//===----------------------------------------------------------------------===//

func.func @multi_head_attention_query_rank(%x: tensor<?x384xf32>, %kv: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{query-rank: query [batch, queries, features] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x384xf32>
  return
}

