

func.func @reduce_missing_axes(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{requires attribute 'axes'}}
  %0 = asr.reduce sum %x : (tensor<?x?x384xf32>) -> tensor<?x?xf32>
  return
}

