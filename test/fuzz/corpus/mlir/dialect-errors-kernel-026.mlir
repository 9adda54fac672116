

func.func @glu_scalar_input(%x: tensor<f32>) {
  // expected-error @+1 {{axis: axis -1 out of range for rank 0: expected a value in [0, 0), got -1}}
  %0 = asr.glu %x : (tensor<f32>) -> tensor<f32>
  return
}

