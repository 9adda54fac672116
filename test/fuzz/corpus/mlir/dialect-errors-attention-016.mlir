

func.func @multi_head_attention_wo_in_features(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wo: tensor<384x512xf32>) {
  // expected-error @+1 {{in-features: wo dim 1 vs wv dim 0: expected 384, got 512}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x512xf32>) -> tensor<?x?x384xf32>
  return
}

