

func.func @frame_concat_partial_group_kept(%x: tensor<4x101x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<4x50x1024xf32>', got 'tensor<4x51x1024xf32>'}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<4x101x512xf32>) -> tensor<4x51x1024xf32>
  return
}

