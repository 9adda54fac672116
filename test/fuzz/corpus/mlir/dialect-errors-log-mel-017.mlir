

func.func @log_mel_mels(%a: tensor<1x16000xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<1x100x128xf32>', got 'tensor<1x100x80xf32>'}}
  %0 = asr.log_mel whisper %a {n_mels = 128 : i64} : (tensor<1x16000xf32>) -> tensor<1x100x80xf32>
  return
}

