

func.func @multi_head_attention_float_key_lengths(%x: tensor<?x?x384xf32>, %len: tensor<?xf32>, %w: tensor<384x384xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.multi_head_attention %x, %x key_lengths %len weights(%w, %w, %w, %w) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return
}

