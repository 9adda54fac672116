

func.func @lstm_no_weights(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{weight-count: forward weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 0}}
  %0 = asr.lstm %x weights() : (tensor<?x?x80xf32>) -> tensor<?x?x256xf32>
  return
}

