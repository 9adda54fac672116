

func.func @gru_dynamic_hidden_size(%x: tensor<?x?x80xf32>, %wih: tensor<?x80xf32>, %whh: tensor<?x?xf32>, %b: tensor<?xf32>) {
  // expected-error @+1 {{hidden-size: forward w_hh dim 1 (hidden size) must be static}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?x80xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  return
}

