

func.func @multi_head_attention_key_lengths_batch_mismatch(%x: tensor<2x?x384xf32>, %len: tensor<4xi32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{key-lengths: lengths (one per utterance) size: expected 2, got 4}}
  %0 = asr.multi_head_attention %x, %x key_lengths %len weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<2x?x384xf32>, tensor<2x?x384xf32>, tensor<4xi32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<2x?x384xf32>
  return
}

