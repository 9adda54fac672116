

func.func @scale_integer_factor(%x: tensor<?x?x144xf32>) {
  // expected-error @+1 {{attribute 'factor' failed to satisfy constraint: 32-bit float attribute}}
  %0 = asr.scale %x {factor = 2 : i64} : tensor<?x?x144xf32>
  return
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

