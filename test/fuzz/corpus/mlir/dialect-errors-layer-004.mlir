

func.func @conv1d_input_rank(%x: tensor<?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, channels] must have rank 3: expected rank 3, got rank 2 [?, 80]}}
  %0 = asr.conv1d %x, %w : (tensor<?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

