

func.func @multi_head_attention_heads_do_not_divide_wv(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wv: tensor<100x384xf32>, %wo: tensor<384x100xf32>) {
  // expected-error @+1 {{head-split: wv dim 0 must divide into 6 heads: expected a multiple of 6, got 100}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %wv, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<100x384xf32>, tensor<384x100xf32>) -> tensor<?x?x384xf32>
  return
}

