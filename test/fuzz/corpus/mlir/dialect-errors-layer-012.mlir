

func.func @conv1d_zero_groups(%x: tensor<?x?x144xf32>, %w: tensor<144x1x31xf32>) {
  // expected-error @+1 {{groups: groups must be > 0, got 0}}
  %0 = asr.conv1d %x, %w {groups = 0 : i64} : (tensor<?x?x144xf32>, tensor<144x1x31xf32>) -> tensor<?x?x144xf32>
  return
}

