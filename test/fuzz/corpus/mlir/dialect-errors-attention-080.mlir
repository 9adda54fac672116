

func.func @luong_attention_values_time_mismatch(%s: tensor<?x256xf32>, %h: tensor<?x100x256xf32>, %val: tensor<?x101x512xf32>) {
  // expected-error @+1 {{time: values dim 1 vs keys dim 1 (time): expected 100, got 101}}
  %0:2 = asr.luong_attention dot %s, %h values %val : (tensor<?x256xf32>, tensor<?x100x256xf32>, tensor<?x101x512xf32>) -> (tensor<?x512xf32>, tensor<?x100xf32>)
  return
}

