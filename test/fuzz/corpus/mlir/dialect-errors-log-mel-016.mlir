

// T = 1 + (16000 - 400) / 160 = 98 for Kaldi (snip_edges), 16000 / 160 = 100 for Whisper.
func.func @log_mel_frames(%a: tensor<1x16000xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<1x98x80xf32>', got 'tensor<1x100x80xf32>'}}
  %0 = asr.log_mel kaldi %a : (tensor<1x16000xf32>) -> tensor<1x100x80xf32>
  return
}

