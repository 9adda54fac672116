

func.func @multi_head_attention_heads_do_not_divide_wq(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{head-split: wq dim 0 must divide into 5 heads: expected a multiple of 5, got 384}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {num_heads = 5 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

