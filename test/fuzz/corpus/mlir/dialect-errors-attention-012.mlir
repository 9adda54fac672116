

func.func @multi_head_attention_wq_in_features(%x: tensor<?x?x256xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{in-features: wq dim 1 vs the query's features: expected 256, got 384}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

