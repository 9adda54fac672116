

func.func @multi_head_attention_has_bias_three_flags(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{has-bias: has_bias needs one flag per projection (q, k, v, o): expected 4, got 3}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b) {num_heads = 6 : i64, has_bias = array<i1: true, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

