

// LSTM weights (4 gates) given to a GRU (3 gates).
func.func @gru_given_lstm_weights(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{gate-size: forward w_hh dim 0 (3 x hidden): expected 768, got 1024}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

