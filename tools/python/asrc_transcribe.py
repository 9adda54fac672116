"""Speech to text with a model directory asrc compiled, from Python.

    import sys; sys.path.insert(0, "tools/python")
    from asrc_transcribe import Transcriber

    t = Transcriber("build/digits")                   # asrc ... -o build/digits
    print(t.transcribe("recording.wav").text)         # a WAV or FLAC file
    print(t.transcribe(samples, sample_rate=8000).text)  # a float32 numpy array
    for r in t.transcribe_files(["a.wav", "b.flac"], beam=4):
        print(r.path, r.text, r.seconds)

The model directory is asrc's output (lib<model>.so, <model>.h,
<model>.safetensors) of a spec with a "decoding" recipe and a
"transcription" table (docs/model-spec.md). Audio is read and resampled by
the library (asrc_audio_read), cut into the model's windows, decoded with
asrc_decode (greedy or beam search) and turned into text with the model's
token table: what `asr-run` does, with the same windows and text, through
ctypes (asrc_ctypes.py): no build step. Needs numpy.

    /usr/bin/python3 tools/python/asrc_transcribe.py MODEL_DIR FILE... [--beam N]
"""
import argparse
import collections
import glob
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asrc_ctypes import Library, AsrcError  # noqa: E402,F401  (AsrcError: for callers)

Transcript = collections.namedtuple(
    "Transcript", "path text tokens windows audio_seconds seconds")


def windows(samples, sample_rate, window_seconds):
    """The pieces a model decodes one by one (asr-run's rule): windows of
    window_seconds; a last piece under 0.1 s after a full window is dropped.
    ValueError for less than 0.1 s of audio."""
    window = max(1, int(round(window_seconds * sample_rate)))
    shortest = sample_rate // 10
    if len(samples) < shortest:
        raise ValueError("asrc_transcribe: %.3f s of audio; at least 0.1 s is needed"
                         % (len(samples) / sample_rate))
    return [samples[s:s + window] for s in range(0, len(samples), window)
            if s == 0 or len(samples) - s >= shortest]


class Transcriber:
    """A compiled model loaded for transcription (thread-safe calls)."""

    def __init__(self, model_dir, threads=0, weights=None):
        libs = glob.glob(os.path.join(model_dir, "lib*.so"))
        if len(libs) != 1:
            raise ValueError("asrc_transcribe: %s holds %d lib<model>.so files; expected one "
                             "(the output directory of asrc -o)" % (model_dir, len(libs)))
        self.library = Library(libs[0])
        weights = weights or os.path.join(model_dir, self.library.name + ".safetensors")
        self.model = self.library.create(weights, threads=threads)
        info = self.model.info()
        table = info.get("transcription")
        if not table or not info.get("decoding"):
            raise ValueError("asrc_transcribe: model %s has no %s (docs/model-spec.md)"
                             % (self.library.name, "decoding recipe" if table else
                                "transcription table"))
        self.sample_rate = int(table["sample_rate"])
        self.tokens = table["tokens"]
        self.separator = table.get("separator", " ")
        self.window_seconds = float(table.get("window_seconds", 30))

    def text_of(self, tokens):
        return self.separator.join(self.tokens[t] if 0 <= t < len(self.tokens) else "<%d>" % t
                                   for t in tokens)

    def transcribe(self, audio, sample_rate=None, beam=1, max_length=0, length_penalty=1.0):
        """A Transcript of a file path or a 1-D float numpy array of samples
        (at `sample_rate`, default the model's)."""
        t0 = time.perf_counter()
        if isinstance(audio, (str, bytes, os.PathLike)):
            path = os.fsdecode(audio)
            samples = self.library.read_audio(path, self.sample_rate)
        else:
            path = None
            samples = np.ascontiguousarray(audio, dtype=np.float32)
            if samples.ndim != 1:
                raise ValueError("asrc_transcribe: expected 1-D samples, got shape %s"
                                 % (samples.shape,))
            rate = sample_rate or self.sample_rate
            if rate != self.sample_rate:
                samples = self.library.resample(samples, rate, self.sample_rate)
        read = time.perf_counter() - t0
        pieces = self.windows(samples)
        tokens, texts, enc, dec = [], [], 0.0, 0.0
        for piece in pieces:
            hyps, (e, d) = self.model.decode_timed(piece[None], beam_width=beam,
                                                   max_length=max_length,
                                                   length_penalty=length_penalty)
            enc, dec = enc + e, dec + d
            tokens += hyps[0][0].tokens
            text = self.text_of(hyps[0][0].tokens)
            if text:
                texts.append(text)
        return Transcript(path, " ".join(texts), tokens, len(pieces),
                          len(samples) / self.sample_rate,
                          {"audio": read, "encoder": enc, "decoder": dec,
                           "total": read + enc + dec})

    def windows(self, samples):
        return windows(samples, self.sample_rate, self.window_seconds)

    def transcribe_files(self, paths, **options):
        for p in paths:
            yield self.transcribe(p, **options)

    def close(self):
        self.model.destroy()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Transcribe WAV/FLAC files with a compiled model "
                                             "directory (the Python twin of asr-run).")
    ap.add_argument("model_dir")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    t = Transcriber(args.model_dir, threads=args.threads)
    status = 0
    for path in args.files:
        try:
            r = t.transcribe(path, beam=args.beam)
        except (AsrcError, ValueError) as e:
            sys.stderr.write("asrc_transcribe: error: %s\n" % e)
            status = 1
            continue
        print("%s\t%s" % (path, r.text) if len(args.files) > 1 else r.text)
    return status


if __name__ == "__main__":
    sys.exit(main())
