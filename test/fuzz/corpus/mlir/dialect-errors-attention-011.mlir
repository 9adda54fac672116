

func.func @multi_head_attention_batch_mismatch(%x: tensor<2x?x384xf32>, %kv: tensor<3x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{batch: key_value dim 0 (batch): expected 2, got 3}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<2x?x384xf32>, tensor<3x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<2x?x384xf32>
  return
}

