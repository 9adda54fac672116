

func.func @log_mel_bad_style(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'style' [whisper, kaldi]}}
  %0 = asr.log_mel htk %a : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}
