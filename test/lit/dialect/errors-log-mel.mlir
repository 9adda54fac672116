// RUN: asr-opt %s -split-input-file -verify-diagnostics

// Shape rules of asr.log_mel: one case per rule, named after what is wrong.

func.func @log_mel_rank(%a: tensor<?x?x2xf32>) {
  // expected-error @+1 {{input-rank: samples [batch, samples] must have rank 2: expected rank 2, got rank 3 [?, ?, 2]}}
  %0 = asr.log_mel whisper %a : (tensor<?x?x2xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_f16(%a: tensor<?x?xf16>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<?x?xf16>'}}
  %0 = asr.log_mel whisper %a : (tensor<?x?xf16>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_zero_mels(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-mels: n_mels must be > 0, got 0}}
  %0 = asr.log_mel whisper %a {n_mels = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?x0xf32>
  return
}

// -----

func.func @log_mel_zero_hop(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{hop-length: hop_length must be > 0, got 0}}
  %0 = asr.log_mel kaldi %a {hop_length = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_negative_sample_rate(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{sample-rate: sample_rate must be > 0, got -16000}}
  %0 = asr.log_mel whisper %a {sample_rate = -16000 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_zero_window(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{win-length: win_length must be > 0, got 0}}
  %0 = asr.log_mel kaldi %a {win_length = 0 : i64, n_fft = 512 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_fft_shorter_than_window(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-fft: n_fft must be even and hold the window: expected an even size >= 400, got 256}}
  %0 = asr.log_mel kaldi %a {n_fft = 256 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_odd_fft(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{n-fft: n_fft must be even and hold the window: expected an even size >= 401, got 401}}
  %0 = asr.log_mel whisper %a {n_fft = 401 : i64} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_high_freq_past_nyquist(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{mel-range: expected 0 <= low_freq < high_freq <= 8000 (sample_rate / 2), got low_freq 0, high_freq 9000}}
  %0 = asr.log_mel whisper %a {high_freq = 9000.0 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

// high_freq <= 0 counts from the Nyquist frequency (4000 at 8 kHz).
func.func @log_mel_empty_mel_range(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{mel-range: expected 0 <= low_freq < high_freq <= 4000 (sample_rate / 2), got low_freq 3500, high_freq 3000}}
  %0 = asr.log_mel kaldi %a {sample_rate = 8000 : i64, low_freq = 3500.0 : f32, high_freq = -1000.0 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_whisper_preemphasis(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{preemphasis: the whisper style has no pre-emphasis: expected 0, got 0.97}}
  %0 = asr.log_mel whisper %a {preemphasis = 0.97 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_preemphasis_range(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{preemphasis: expected a coefficient in [0, 1], got 1.5}}
  %0 = asr.log_mel kaldi %a {preemphasis = 1.5 : f32} : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}

// -----

func.func @log_mel_whisper_too_short(%a: tensor<?x200xf32>) {
  // expected-error @+1 {{input-length: reflect padding needs more than n_fft / 2 samples: expected at least 201, got 200}}
  %0 = asr.log_mel whisper %a : (tensor<?x200xf32>) -> tensor<?x1x80xf32>
  return
}

// -----

func.func @log_mel_kaldi_too_short(%a: tensor<?x399xf32>) {
  // expected-error @+1 {{input-length: one frame needs win_length samples: expected at least 400, got 399}}
  %0 = asr.log_mel kaldi %a : (tensor<?x399xf32>) -> tensor<?x0x80xf32>
  return
}

// -----

func.func @log_mel_lengths_batch(%a: tensor<2x?xf32>, %len: tensor<3xi32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.log_mel whisper %a lengths %len : (tensor<2x?xf32>, tensor<3xi32>) -> tensor<2x?x80xf32>
  return
}

// -----

func.func @log_mel_float_lengths(%a: tensor<2x?xf32>, %len: tensor<2xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = asr.log_mel whisper %a lengths %len : (tensor<2x?xf32>, tensor<2xf32>) -> tensor<2x?x80xf32>
  return
}

// -----

// T = 1 + (16000 - 400) / 160 = 98 for Kaldi (snip_edges), 16000 / 160 = 100 for Whisper.
func.func @log_mel_frames(%a: tensor<1x16000xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<1x98x80xf32>', got 'tensor<1x100x80xf32>'}}
  %0 = asr.log_mel kaldi %a : (tensor<1x16000xf32>) -> tensor<1x100x80xf32>
  return
}

// -----

func.func @log_mel_mels(%a: tensor<1x16000xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<1x100x128xf32>', got 'tensor<1x100x80xf32>'}}
  %0 = asr.log_mel whisper %a {n_mels = 128 : i64} : (tensor<1x16000xf32>) -> tensor<1x100x80xf32>
  return
}

// -----

func.func @log_mel_bad_style(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'style' [whisper, kaldi]}}
  %0 = asr.log_mel htk %a : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
  return
}
