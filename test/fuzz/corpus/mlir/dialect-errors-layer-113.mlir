

func.func @frame_concat_missing_factor(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{requires attribute 'factor'}}
  %0 = asr.frame_concat %x : (tensor<?x?x512xf32>) -> tensor<?x?x1024xf32>
  return
}

