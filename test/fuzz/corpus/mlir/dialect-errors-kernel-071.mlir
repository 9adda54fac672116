

func.func @weighted_sum_keys_mismatch(%p: tensor<?x1x100xf32>, %v: tensor<?x50x512xf32>) {
  // expected-error @+1 {{keys: values' keys dim vs probs' last dim: expected 100, got 50}}
  %0 = asr.weighted_sum %p, %v : (tensor<?x1x100xf32>, tensor<?x50x512xf32>) -> tensor<?x1x512xf32>
  return
}

