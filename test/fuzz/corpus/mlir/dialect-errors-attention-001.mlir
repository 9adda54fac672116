

func.func @multi_head_attention_key_value_rank(%x: tensor<?x?x384xf32>, %kv: tensor<?x?x6x64xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{key-rank: key_value [batch, keys, features] must have rank 3: expected rank 3, got rank 4 [?, ?, 6, 64]}}
  %0 = asr.multi_head_attention %x, %kv weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x6x64xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

