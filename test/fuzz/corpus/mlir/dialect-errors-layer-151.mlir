

func.func @frame_concat_shorter_than_factor(%x: tensor<2x3x512xf32>) {
  // expected-error @+1 {{output-length: fewer frames than one group of 4: expected at least 4, got 3}}
  %0 = asr.frame_concat %x {factor = 4 : i64} : (tensor<2x3x512xf32>) -> tensor<2x0x2048xf32>
  return
}
