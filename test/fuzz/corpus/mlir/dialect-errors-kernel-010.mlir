

func.func @exp_changes_shape(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.exp"(%x) : (tensor<?x?x384xf32>) -> tensor<?x?x192xf32>
  return
}

