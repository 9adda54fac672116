

func.func @weight_dynamic_dim() {
  // expected-error @+1 {{weight-shape: weights have static shapes: expected no '?' dims, got 'tensor<?x80xf32>'}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<?x80xf32>
  return
}

