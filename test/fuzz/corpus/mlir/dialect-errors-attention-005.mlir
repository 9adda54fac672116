

func.func @multi_head_attention_missing_num_heads(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{requires attribute 'num_heads'}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %w) {has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

