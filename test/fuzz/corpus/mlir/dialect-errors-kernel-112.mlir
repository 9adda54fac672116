

func.func @reshape_copy_past_input_rank(%x: tensor<?x384xf32>) {
  // expected-error @+1 {{reshape-spec: 0 copies the input dim at the same index, but the input has rank 2: got 0 at index 2}}
  %0 = asr.reshape %x {shape = array<i64: 0, 6, 0>} : (tensor<?x384xf32>) -> tensor<?x6x?xf32>
  return
}

