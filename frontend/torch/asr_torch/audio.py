"""Log-mel front ends in PyTorch, mapped by the importer onto `log_mel`.

`whisper_log_mel(samples, n_mels)` is whisper.audio.log_mel_spectrogram on a
batch [B, N] of 16 kHz samples: torch.stft (n_fft 400, hop 160, periodic
Hann, centered, reflect padding), the last frame dropped, |.|^2, a Slaney mel
matrix (librosa.filters.mel's definition), log10(clamp(1e-10)), max(x,
max_over_the_utterance - 8), (x + 4) / 4; the result is channels-last
[B, N // 160, n_mels], what a Whisper-style encoder's first conv takes.

read_wav / write_wav are the plain 16-bit PCM WAV reader and writer the
scripts and tests share (the compiled runtime has its own, libsndfile).

A model that calls it inside a traced entry point gets one spec node
`log_mel` (style whisper) there: the importer treats it as a leaf
(asr_torch.convert.FRONT_END_FUNCTIONS), and the compiled kernel
(codegen/halide/KernelsFrontEnd.cpp) is checked against the same
definition by test/e2e/test_log_mel.py.
"""
import math
import wave

import numpy as np
import torch

WHISPER_RATE = 16000
WHISPER_N_FFT = 400
WHISPER_HOP = 160


def slaney_mel_filters(sr, n_fft, n_mels, fmin=0.0, fmax=None):
    """librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels) (htk=False,
    norm='slaney'): float64 [n_mels, n_fft // 2 + 1], what Whisper's
    mel_filters.npz holds."""
    fmax = sr / 2 if fmax is None else fmax
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        return np.where(f >= min_log_hz,
                        min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep,
                        f / f_sp)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)),
                        f_sp * m)

    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights


_FILTERS = {}


def _filters(n_mels, dtype):
    key = (n_mels, dtype)
    if key not in _FILTERS:
        w = slaney_mel_filters(WHISPER_RATE, WHISPER_N_FFT, n_mels).astype(np.float32)
        _FILTERS[key] = torch.from_numpy(w).to(dtype)
    return _FILTERS[key]


def whisper_log_mel(samples, n_mels=80):
    """[B, N] (or [N]) samples at 16 kHz -> [B, N // 160, n_mels] (or
    [N // 160, n_mels]), in the samples' dtype."""
    single = samples.dim() == 1
    x = samples[None] if single else samples
    window = torch.hann_window(WHISPER_N_FFT, dtype=x.dtype, device=x.device)
    stft = torch.stft(x, WHISPER_N_FFT, WHISPER_HOP, window=window, return_complex=True)
    power = stft[..., :-1].abs() ** 2                        # [B, F, T]
    mel = _filters(n_mels, x.dtype).to(x.device) @ power     # [B, n_mels, T]
    log_spec = torch.clamp(mel, min=1e-10).log10()
    peak = log_spec.amax(dim=(1, 2), keepdim=True)
    log_spec = torch.maximum(log_spec, peak - 8.0)
    out = ((log_spec + 4.0) / 4.0).transpose(1, 2)
    return out[0] if single else out


def read_wav(path):
    """A 16-bit PCM WAV -> (float32 samples in [-1, 1), mono: the mean of
    the channels; sample rate)."""
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("%s: %d-bit samples, expected 16-bit PCM"
                             % (path, 8 * w.getsampwidth()))
        channels, rate = w.getnchannels(), w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
    data /= 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def write_wav(path, samples, rate):
    """Mono float samples in [-1, 1] -> a 16-bit PCM WAV (x 32767, rounded,
    clipped)."""
    pcm = np.clip(np.round(np.asarray(samples) * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
