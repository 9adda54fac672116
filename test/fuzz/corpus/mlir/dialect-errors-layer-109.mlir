

func.func @frame_concat_input_rank(%x: tensor<?x512xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, channels] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x512xf32>) -> tensor<?x1024xf32>
  return
}

