

func.func @frame_concat_zero_factor(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{factor: factor must be > 0, got 0}}
  %0 = asr.frame_concat %x {factor = 0 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x512xf32>
  return
}

