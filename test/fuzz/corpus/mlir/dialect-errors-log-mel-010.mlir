

func.func @log_mel_whisper_preemphasis(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{preemphasis: the whisper style has no pre-emphasis: expected 0, got 0.97}}
  %0 = asr.log_mel whisper %a {preemphasis = 0.97 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

