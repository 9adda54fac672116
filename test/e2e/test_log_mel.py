#!/usr/bin/python3
"""asr.log_mel on real recordings against PyTorch references written here.

    /usr/bin/python3 test/e2e/test_log_mel.py [--asrc build/bin/asrc] [--build-dir build]
        [--data /work/shared/data] [--keep] [--bench]

Compiles one spec (written here) whose entry points are a single `log_mel`
node each, plus `subsample_lengths` for the frame counts:

  whisper80      style whisper, 80 mels, lengths      (16 kHz)
  whisper128     style whisper, 128 mels, lengths     (16 kHz, large-v3)
  whisper80_nolen  the same as whisper80 without lengths
  kaldi16k       style kaldi, 80 mels, scale 32768, lengths (16 kHz)
  kaldi8k        style kaldi, 8 kHz, 40 mels, high_freq -200 (3800 Hz), lengths
  whisper_conv   whisper80 then conv1d (80 -> 8, k 3, random weights) and gelu:
                 raw samples to a model's first layer in one entry point

and compares, per recording, with:

  * Whisper: whisper.audio.log_mel_spectrogram as PyTorch code: torch.stft
    (n_fft 400, hop 160, periodic Hann, center, reflect), the last frame
    dropped, |.|^2, a Slaney mel matrix written here (librosa.filters.mel's
    definition), log10(clamp(1e-10)), max(x, x.max() - 8), (x + 4) / 4;
  * Kaldi fbank (compute-fbank defaults without dither, as
    torchaudio.compliance.kaldi.fbank, which is not installed): snip_edges
    frames of 25 ms every 10 ms, DC offset removed, pre-emphasis 0.97, Povey
    window, zero padding to a power of two, torch.fft.rfft, |.|^2, Kaldi's
    mel triangles written here, ln(clamp(FLT_EPSILON)); samples x 32768
    (Kaldi reads 16-bit samples unscaled).

Each reference runs in float64 and in float32 (what Whisper / torchaudio
compute). The check is max abs error <= 1e-3 on the log-mel values against
the float64 reference, and against the float32 one within 1e-3 plus that
reference's own distance from float64 (float32 PyTorch is up to 4e-3 off on
Kaldi's quietest bands, 90+ dB below a frame's peak: no implementation can
be within 1e-3 of both there). Recordings run one per call (B = 1, N = its length) and two at a time
(B = 2, zero-padded to the longer, lengths given: each row must equal its
single-utterance reference, padding frames 0, frame counts exact).

--bench also times the whisper80 and kaldi16k entry points on 30 s of audio
(one thread) against the float32 PyTorch references (torch.set_num_threads(1)).

Prints one line per case and 'N passed, N failed'; exits 1 on failure.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.join(ROOT, "frontend", "torch"))
from asr_torch import safetensors  # noqa: E402
from asr_torch.audio import read_wav, whisper_log_mel  # noqa: E402

TOL = 1e-3
FLT_EPSILON = float(np.finfo(np.float32).eps)

SPEECH_16K = [
    "speech/whisper_cpp/jfk.wav",
    "speech/pocketsphinx/goforward.wav",
    "speech/pocketsphinx/librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
    "speech/sphinx4/10001-90210-01803.wav",
    "speech/wenet/librispeech-1995-1837-0001.wav",
    "speech/ort_extensions/1272-141231-0002.wav",
    "speech/tflite_micro_speech_commands/yes_1000ms.wav",
]
SPEECH_8K = [
    "fsdd/recordings/0_george_0.wav",
    "fsdd/recordings/3_jackson_12.wav",
    "fsdd/recordings/7_lucas_5.wav",
    "fsdd/recordings/9_nicolas_30.wav",
    "fsdd/recordings/5_yweweler_41.wav",
    "speech/ort_extensions/1272-128104-0004-8k.wav",
]

# name -> (log_mel attrs, sample rate, with lengths, frame-count kernel, stride)
ENTRIES = {
    "whisper80": ({"style": "whisper", "n_mels": 80}, 16000, True, 160, 160),
    "whisper128": ({"style": "whisper", "n_mels": 128}, 16000, True, 160, 160),
    "whisper80_nolen": ({"style": "whisper", "n_mels": 80}, 16000, False, 160, 160),
    "kaldi16k": ({"style": "kaldi", "n_mels": 80, "scale": 32768.0}, 16000, True, 400, 160),
    "kaldi8k": ({"style": "kaldi", "sample_rate": 8000, "n_mels": 40, "high_freq": -200.0,
                 "scale": 32768.0}, 8000, True, 200, 80),
}


# ---------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------

def make_spec():
    eps = []
    for name, (attrs, _, lengths, kernel, stride) in ENTRIES.items():
        inputs = [{"name": "audio", "dtype": "f32", "shape": ["B", "N"]}]
        node = {"name": "mel", "op": "log_mel", "inputs": {"samples": "audio"}, "attrs": attrs}
        nodes = [node]
        outputs = [{"name": "features", "value": "mel"}]
        if lengths:
            inputs.append({"name": "lengths", "dtype": "i32", "shape": ["B"]})
            node["inputs"]["lengths"] = "lengths"
            nodes.append({"name": "frames", "op": "subsample_lengths", "inputs": ["lengths"],
                          "attrs": {"kernel": kernel, "stride": stride}})
            outputs.append({"name": "frame_lengths", "value": "frames"})
        eps.append({"name": name, "inputs": inputs, "nodes": nodes, "outputs": outputs})
    # Raw samples to a model's activations in one entry point: Whisper's
    # front end, then a conv1d + gelu as the encoder's first layer.
    eps.append({"name": "whisper_conv",
                "inputs": [{"name": "audio", "dtype": "f32", "shape": ["B", "N"]}],
                "nodes": [{"name": "mel", "op": "log_mel", "inputs": ["audio"],
                           "attrs": {"style": "whisper", "n_mels": 80}},
                          {"name": "conv", "op": "conv1d", "inputs": ["mel"],
                           "weight_prefix": "conv", "attrs": {"padding": 1}},
                          {"name": "act", "op": "gelu", "inputs": ["conv"]}],
                "outputs": [{"name": "hidden", "value": "act"}]})
    tensors = {k: {"dtype": "F32", "shape": list(v.shape)} for k, v in conv_weights().items()}
    return {"name": "logmel", "description": "log_mel front ends (test/e2e/test_log_mel.py)",
            "version": 1, "weights": {"tensors": tensors}, "entry_points": eps}


def conv_weights():
    rng = np.random.default_rng(0)
    return {"conv.weight": (rng.standard_normal((8, 80, 3)) * 0.1).astype(np.float32),
            "conv.bias": (rng.standard_normal(8) * 0.1).astype(np.float32)}


# ---------------------------------------------------------------------------
# Audio
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------

def whisper_reference(audio, n_mels, dtype):
    """whisper.audio.log_mel_spectrogram(audio) in `dtype`: [T, n_mels]
    (asr_torch.audio, the definition the importer maps onto log_mel)."""
    return whisper_log_mel(torch.from_numpy(audio).to(dtype), n_mels)


def kaldi_mel_banks(sr, n_fft, n_mels, low_freq, high_freq):
    """Kaldi's MelBanks (no VTLN): [n_mels, n_fft // 2 + 1], Nyquist column 0."""
    def mel(f):
        return 1127.0 * np.log(1.0 + np.asarray(f, dtype=np.float64) / 700.0)
    nyquist = 0.5 * sr
    high = high_freq if high_freq > 0 else nyquist + high_freq
    lo, hi = mel(low_freq), mel(high)
    delta = (hi - lo) / (n_mels + 1)
    bins = mel(np.arange(n_fft // 2) * sr / n_fft)
    w = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(n_mels):
        left, center, right = lo + m * delta, lo + (m + 1) * delta, lo + (m + 2) * delta
        up = (bins - left) / (center - left)
        down = (right - bins) / (right - center)
        w[m, :n_fft // 2] = np.where((bins > left) & (bins < right),
                                     np.where(bins <= center, up, down), 0.0)
    return w


def kaldi_reference(audio, sr, n_mels, high_freq, dtype, scale=32768.0):
    """compute-fbank (snip_edges, dither 0, remove_dc_offset, preemphasis 0.97,
    povey, round_to_power_of_two, use_power, use_log_fbank, low_freq 20):
    [T, n_mels]."""
    x = torch.from_numpy(audio).to(dtype) * scale
    win = int(sr * 0.025)
    hop = int(sr * 0.010)
    n_fft = 1 << (win - 1).bit_length()
    if len(x) < win:
        return torch.zeros((0, n_mels), dtype=dtype)
    frames = x.unfold(0, win, hop)
    frames = frames - frames.mean(dim=1, keepdim=True)
    prev = torch.cat([frames[:, :1], frames[:, :-1]], dim=1)
    frames = frames - 0.97 * prev
    n = torch.arange(win, dtype=dtype)
    povey = (0.5 - 0.5 * torch.cos(2 * math.pi * n / (win - 1))) ** 0.85
    spec = torch.fft.rfft(frames * povey, n=n_fft)
    power = spec.real ** 2 + spec.imag ** 2
    banks = torch.from_numpy(kaldi_mel_banks(sr, n_fft, n_mels, 20.0, high_freq)).to(dtype)
    mel = power @ banks.T
    return torch.log(torch.clamp(mel, min=FLT_EPSILON))


def reference(entry, audio):
    """(float32 reference, float64 reference), numpy [T, n_mels]."""
    attrs, sr, _, _, _ = ENTRIES[entry]
    out = []
    for dtype in (torch.float32, torch.float64):
        if attrs["style"] == "whisper":
            r = whisper_reference(audio, attrs["n_mels"], dtype)
        else:
            r = kaldi_reference(audio, sr, attrs["n_mels"], attrs.get("high_freq", 0.0), dtype)
        out.append(r.double().numpy())
    return out


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def report(self, ok, what):
        print("%s: %s" % ("PASS" if ok else "FAIL", what), flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def frames_of(entry, n):
    _, _, _, kernel, stride = ENTRIES[entry]
    return max((n - kernel) // stride + 1, 0)


def call(model, entry, batch, lengths):
    if ENTRIES[entry][2]:
        return model.call(entry, batch, lengths)
    return model.call(entry, batch)


def check_single(model, entry, path, audio, res):
    r32, r64 = reference(entry, audio)
    out = call(model, entry, audio[None, :], np.array([len(audio)], dtype=np.int32))
    got = out["features"][0].astype(np.float64)
    ok = got.shape == r32.shape
    e32 = float(np.max(np.abs(got - r32))) if ok and got.size else 0.0
    e64 = float(np.max(np.abs(got - r64))) if ok and got.size else 0.0
    torch_err = float(np.max(np.abs(r32 - r64))) if r32.size else 0.0
    ok = ok and np.all(np.isfinite(got)) and e64 <= TOL and e32 <= TOL + torch_err
    if "frame_lengths" in out:
        ok = ok and int(out["frame_lengths"][0]) == got.shape[0]
    res.report(ok, "%-15s %-62s T=%4d  max abs err vs torch f32 %.2e, vs f64 %.2e "
               "(torch f32 vs f64 %.2e)" % (entry, path, got.shape[0], e32, e64, torch_err))
    return e32, e64


def check_conv(model, path, audio, res):
    """whisper_conv: log_mel -> conv1d -> gelu in one entry point, against
    the float64 reference features through torch's conv1d and gelu."""
    w = {k: torch.from_numpy(v).double() for k, v in conv_weights().items()}
    _, r64 = reference("whisper80", audio)
    x = torch.from_numpy(r64).T[None]                                   # [1, 80, T]
    ref = torch.nn.functional.gelu(torch.nn.functional.conv1d(x, w["conv.weight"], w["conv.bias"],
                                                              padding=1))[0].T.numpy()
    got = model.call("whisper_conv", audio[None, :])["hidden"][0].astype(np.float64)
    err = float(np.max(np.abs(got - ref))) if got.shape == ref.shape else float("inf")
    res.report(err <= TOL, "whisper_conv    %-62s raw samples -> log_mel -> conv1d -> gelu %s: "
               "max abs err %.2e" % (path, list(got.shape), err))


def check_batch(model, entry, paths, audios, res):
    n = max(len(a) for a in audios)
    batch = np.zeros((len(audios), n), dtype=np.float32)
    for i, a in enumerate(audios):
        batch[i, :len(a)] = a
    lengths = np.array([len(a) for a in audios], dtype=np.int32)
    out = model.call(entry, batch, lengths)
    feats = out["features"]
    errs, ok = [], True
    for i, a in enumerate(audios):
        r32, r64 = reference(entry, a)
        t = r32.shape[0]
        got = feats[i, :t].astype(np.float64)
        errs.append(float(np.max(np.abs(got - r64))) if t else 0.0)
        ok = ok and errs[-1] <= TOL and np.all(feats[i, t:] == 0)
        ok = ok and int(out["frame_lengths"][i]) == t == frames_of(entry, len(a))
    res.report(ok, "%-15s B=%d %s: lengths %s, frames %s, max abs err vs f64 %s, padding frames 0"
               % (entry, len(audios), " + ".join(os.path.basename(p) for p in paths),
                  lengths.tolist(), out["frame_lengths"].tolist(),
                  ", ".join("%.2e" % e for e in errs)))


def bench(model, res):
    torch.set_num_threads(1)
    x, _ = read_wav(os.path.join(ARGS.data, SPEECH_16K[0]))
    audio = np.zeros(480000, dtype=np.float32)
    audio[:len(x)] = x[:480000]
    for entry in ("whisper80", "kaldi16k"):
        batch = audio[None, :]
        lengths = np.array([len(audio)], dtype=np.int32)
        out = {"features": np.empty((1, (480000 // 160) if "whisper" in entry
                                     else frames_of(entry, 480000), ENTRIES[entry][0]["n_mels"]),
                                    dtype=np.float32),
               "frame_lengths": np.empty((1,), dtype=np.int32)}
        ts = []
        for _ in range(40):
            t0 = time.perf_counter()
            model.call(entry, batch, lengths, out=out)
            ts.append(time.perf_counter() - t0)
        tt = []
        for _ in range(40):
            t0 = time.perf_counter()
            reference_f32_only(entry, audio)
            tt.append(time.perf_counter() - t0)
        print("bench %-10s 30 s of audio, 1 thread: asrc %.2f ms (min %.2f), PyTorch %.2f ms "
              "(min %.2f): %.1fx" % (entry, np.median(ts) * 1e3, min(ts) * 1e3, np.median(tt) * 1e3,
                                     min(tt) * 1e3, np.median(tt) / np.median(ts)), flush=True)


def reference_f32_only(entry, audio):
    attrs, sr, _, _, _ = ENTRIES[entry]
    if attrs["style"] == "whisper":
        return whisper_reference(audio, attrs["n_mels"], torch.float32)
    return kaldi_reference(audio, sr, attrs["n_mels"], attrs.get("high_freq", 0.0), torch.float32)


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--bench", action="store_true", help="also time 30 s vs PyTorch")
    ARGS = ap.parse_args()
    if not os.path.isdir(ARGS.data):
        print("SKIP: no recordings at %s" % ARGS.data)
        return 0

    import asrc_ctypes
    res = Results()
    work = os.path.join(os.path.abspath(ARGS.build_dir), "test", "e2e", "log_mel")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    spec = os.path.join(work, "logmel.json")
    with open(spec, "w") as f:
        json.dump(make_spec(), f, indent=2)
    weights = os.path.join(work, "conv.safetensors")
    safetensors.write(weights, conv_weights())
    t0 = time.perf_counter()
    p = subprocess.run([ARGS.asrc, spec, "--weights", weights, "-o", os.path.join(work, "out"),
                        "--quiet"], capture_output=True, text=True)
    res.report(p.returncode == 0, "compile %d log_mel entry points in %.1f s%s"
               % (len(ENTRIES), time.perf_counter() - t0, "" if p.returncode == 0 else "\n" + p.stderr))
    if p.returncode != 0:
        print("%d passed, %d failed" % (res.passed, res.failed))
        return 1

    lib = asrc_ctypes.Library(os.path.join(work, "out", "liblogmel.so"))
    worst = {}
    with lib.create(weights, threads=1) as model:
        audio16 = {path: read_wav(os.path.join(ARGS.data, path)) for path in SPEECH_16K}
        audio8 = {path: read_wav(os.path.join(ARGS.data, path)) for path in SPEECH_8K}
        for path, (a, sr) in list(audio16.items()) + list(audio8.items()):
            entries = ["kaldi8k"] if sr == 8000 else ["whisper80", "whisper128", "whisper80_nolen",
                                                      "kaldi16k"]
            if sr not in (8000, 16000):
                res.report(False, "%s: unexpected sample rate %d" % (path, sr))
                continue
            for entry in entries:
                e32, e64 = check_single(model, entry, path, a, res)
                w = worst.get(entry, (0.0, 0.0))
                worst[entry] = (max(w[0], e32), max(w[1], e64))
        p16 = SPEECH_16K[1:3]
        for entry in ("whisper80", "kaldi16k"):
            check_batch(model, entry, p16, [audio16[p][0] for p in p16], res)
        p8 = SPEECH_8K[:2]
        check_batch(model, "kaldi8k", p8, [audio8[p][0] for p in p8], res)
        # Shorter than one frame (kaldi) / a few frames (whisper) next to a long one.
        short = audio16[SPEECH_16K[0]][0]
        check_batch(model, "kaldi16k", ["jfk.wav", "jfk.wav[:300]"], [short, short[:300]], res)
        check_batch(model, "whisper80", ["jfk.wav", "jfk.wav[:500]"], [short, short[:500]], res)
        check_conv(model, SPEECH_16K[0], audio16[SPEECH_16K[0]][0], res)
        for entry, (e32, e64) in worst.items():
            print("worst %-15s vs torch f32 %.2e, vs torch f64 %.2e" % (entry, e32, e64))
        if ARGS.bench:
            bench(model, res)
    if not ARGS.keep and res.failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
