

func.func @multi_head_attention_three_weights(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{weight-count: weights must be (wq, wk, wv, wo): expected 4 tensors, got 3}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

