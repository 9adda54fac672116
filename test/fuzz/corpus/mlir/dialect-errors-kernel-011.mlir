

func.func @scale_missing_factor(%x: tensor<?x?x144xf32>) {
  // expected-error @+1 {{requires attribute 'factor'}}
  %0 = asr.scale %x : tensor<?x?x144xf32>
  return
}

