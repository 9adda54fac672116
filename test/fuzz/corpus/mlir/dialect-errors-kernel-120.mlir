

func.func @concat_other_dim_mismatch(%x: tensor<?x?x384xf32>, %c: tensor<?x448x384xf32>, %y: tensor<?x?x512xf32>) {
  // expected-error @+1 {{dims: input #2 dim 2: expected 384, got 512}}
  %0 = asr.concat %x, %c, %y {axis = 1 : i64} : (tensor<?x?x384xf32>, tensor<?x448x384xf32>, tensor<?x?x512xf32>) -> tensor<?x?x384xf32>
  return
}

