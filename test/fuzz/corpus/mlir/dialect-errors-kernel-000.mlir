
// Shape rules of the kernel-level ops (elementwise, matmul, reductions,
// softmax, attention kernels, data movement) and the ODS constraints that
// come before them. One case per (op, rule).

//===----------------------------------------------------------------------===//
// Unary elementwise ops and asr.scale
//===----------------------------------------------------------------------===//

func.func @relu_integer_input(%x: tensor<?x?xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?xi32>'}}
  %0 = asr.relu %x : tensor<?x?xi32>
  return
}

