

func.func @weight_unranked() {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<*xf32>'}}
  %0 = "asr.weight"() <{key = "encoder.conv1.weight"}> : () -> tensor<*xf32>
  return
}

