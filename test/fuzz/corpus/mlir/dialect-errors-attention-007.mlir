

func.func @multi_head_attention_weight_rank(%x: tensor<?x?x384xf32>, %w: tensor<384x384xf32>, %wo: tensor<384x6x64xf32>) {
  // expected-error @+1 {{weight-rank: projection weight [out, in] must have rank 2: expected rank 2, got rank 3 [384, 6, 64]}}
  %0 = asr.multi_head_attention %x, %x weights(%w, %w, %w, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x6x64xf32>) -> tensor<?x?x384xf32>
  return
}

