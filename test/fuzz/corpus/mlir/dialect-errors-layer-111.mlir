

func.func @frame_concat_channels_not_multiplied(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1024xf32>', got 'tensor<?x?x512xf32>'}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x512xf32>
  return
}

