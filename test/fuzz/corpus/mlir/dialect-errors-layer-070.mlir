

func.func @lstm_dynamic_hidden_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x?xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{hidden-size: forward w_hh dim 1 (hidden size) must be static}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x?xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x?xf32>
  return
}

