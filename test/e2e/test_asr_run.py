#!/usr/bin/python3
"""asr-run and asrc_transcribe.py with the digits demo model against the
same model in PyTorch.

    /usr/bin/python3 test/e2e/test_asr_run.py [--asrc build/bin/asrc]
        [--asr-run build/bin/asr-run] [--data /work/shared/data] [--work-dir DIR]
        [--spec examples/digits/digits.json] [-v]

Compiles examples/digits (the trained weights committed beside the spec)
and checks:

* asr-run on 20 FSDD test recordings (takes 0-4: two per digit, speakers
  mixed; 8 kHz files resampled by the library; without ../shared/data, 20
  digits spoken by espeak-ng) prints, per file, the text
  that the PyTorch model (examples/digits/model.py with the same weights)
  gives by greedy decoding of the same samples (read through the library's
  asrc_audio_read, so both see identical input);
* --json carries the same tokens, timings and, from a .tsv list with
  references, word errors equal to a word-level edit distance computed here;
* --beam 4 gives the PyTorch beam search's best hypothesis (the beam search
  of test_decode.py, over the reference's decode_step);
* a recording longer than the model's window (10 s) is cut into windows,
  each decoded on its own, texts joined: equal to PyTorch on those windows;
* asrc_transcribe.Transcriber gives asr-run's texts, for files and numpy
  arrays at another sample rate;
* errors: a missing file (named, exit 1, the other files still printed), a
  directory with no model, a model without a transcription table (exit 2),
  a bad option value.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.join(ROOT, "examples", "digits"))
sys.path.insert(0, HERE)
import model as digits  # noqa: E402
from asrc_transcribe import Transcriber  # noqa: E402
from reference_models import load_weights  # noqa: E402
from asr_torch.audio import read_wav, write_wav  # noqa: E402  (on the path via model)
from evaluate import edit_distance  # noqa: E402  (examples/digits: word-level Levenshtein)
from test_decode import Suite, beam_search  # noqa: E402

SPEAKERS = ["george", "jackson", "lucas", "nicolas", "yweweler"]


class Failure(Exception):
    pass


def espeak_files(work):
    """Without ../shared/data: 20 recordings of single digits spoken by
    espeak-ng (two voices), in its 22.05 kHz WAV (resampled by the library)."""
    out = []
    for d in range(10):
        for voice in ("en-us", "en-gb"):
            path = os.path.join(work, "espeak_%d_%s.wav" % (d, voice))
            subprocess.run(["espeak-ng", "-v", voice, "-w", path, digits.WORDS[d]], check=True)
            out.append((path, digits.WORDS[d]))
    return out


def fsdd_files(data):
    """20 test-split recordings: digit d, speakers d % 5 and (d + 2) % 5,
    takes 0-4."""
    out = []
    for d in range(10):
        for j, s in enumerate((SPEAKERS[d % 5], SPEAKERS[(d + 2) % 5])):
            out.append((os.path.join(data, "fsdd", "recordings", "%d_%s_%d.wav"
                                     % (d, s, (d + j) % 5)), digits.WORDS[d]))
    return out


def torch_greedy(model, samples):
    return digits.greedy(model, torch.from_numpy(samples))


def torch_beam(model, samples, k):
    """The best hypothesis of test_decode.beam_search over decode_step."""
    with torch.no_grad():
        enc = model.encode_samples(torch.from_numpy(samples)[None])[0]
        d = digits.D
        caches = [torch.zeros(k, digits.CTX, d) for _ in range(2 * digits.DECODER_LAYERS)]
        enc_k = enc.expand(k, -1, -1)

        def step(tokens, t, states):
            out = model.decode_step(torch.as_tensor(tokens, dtype=torch.int32)[:, None],
                                    torch.full((len(tokens),), t, dtype=torch.int32),
                                    enc_k, *states)
            return torch.log_softmax(out[0][:, 0].double(), dim=-1), list(out[1:])

        hyps = beam_search(step, caches, 1, k, [digits.SOS], digits.EOS, digits.MAX_LENGTH, 1.0)
    return hyps[0][0][0]


def text(tokens):
    return digits.tokens_to_text(tokens)


def run(cmd, expect_rc=0):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=600)
    if p.returncode != expect_rc:
        raise Failure("%s: exit %d (expected %d)\nstdout: %s\nstderr: %s"
                      % (" ".join(cmd), p.returncode, expect_rc, p.stdout[-2000:],
                         p.stderr[-2000:]))
    return p


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build", "bin", "asrc"))
    ap.add_argument("--asr-run", default=os.path.join(ROOT, "build", "bin", "asr-run"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--data", default=os.environ.get(
        "ASRC_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data")),
        help="the shared data folder with fsdd/ (default $ASRC_DATA or ../shared/data); "
             "without it the recordings are made with espeak-ng")
    ap.add_argument("--spec", default=os.path.join(ROOT, "examples", "digits", "digits.json"))
    ap.add_argument("--work-dir")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv[1:])
    torch.set_num_threads(2)
    tmp = None
    if not args.work_dir:
        tmp = tempfile.TemporaryDirectory(dir=args.build_dir, prefix="asr-run-")
        args.work_dir = tmp.name
    work = args.work_dir
    out = os.path.join(work, "digits")
    t0 = time.time()
    if not os.path.exists(args.spec):
        # No trained weights in this checkout: the same model with random
        # weights (every check compares asr-run with PyTorch on the same ones).
        print("note: %s is missing; checking the digits model with random weights" % args.spec)
        args.spec = os.path.join(work, "digits_random.json")
        run([sys.executable, os.path.join(ROOT, "examples", "digits", "export.py"), "--random",
             "0", "-o", args.spec])
    run([args.asrc, args.spec, "-o", out, "--quiet"])
    weights = os.path.join(out, "digits.safetensors")
    model = digits.Digits()
    load_weights(model, weights)
    model.eval()
    tr = Transcriber(out, threads=2)
    read = lambda p: tr.library.read_audio(p, digits.SAMPLE_RATE)  # noqa: E731
    if os.path.isdir(os.path.join(args.data, "fsdd", "recordings")):
        files = fsdd_files(args.data)
    else:
        print("note: no FSDD recordings under %s; using espeak-ng recordings" % args.data)
        files = espeak_files(work)
    suite = Suite(args.verbose)
    expected = {p: text(torch_greedy(model, read(p))) for p, _ in files}

    tsv = os.path.join(work, "fsdd20.tsv")
    with open(tsv, "w") as f:
        for p, ref in files:
            f.write("%s\t%s\n" % (p, ref))

    def fsdd_plain():
        p = run([args.asr_run, out] + [p for p, _ in files] + ["--threads", "2"])
        lines = p.stdout.splitlines()
        got = dict(line.split("\t", 1) for line in lines)
        if len(lines) != len(files) or set(got) != set(expected):
            raise Failure("expected one line per file, got:\n" + p.stdout)
        bad = ["%s: asr-run %r, PyTorch %r" % (k, got[k], expected[k]) for k in expected
               if got[k] != expected[k]]
        if bad:
            raise Failure("\n".join(bad))
        correct = sum(expected[p] == ref for p, ref in files)
        return "20 files, transcripts identical to PyTorch greedy (%d/20 equal the reference)" \
            % correct
    suite.run("asr-run == PyTorch on 20 recordings", fsdd_plain)

    def fsdd_json():
        p = run([args.asr_run, out, tsv, "--json"])
        recs = [json.loads(line) for line in p.stdout.splitlines()]
        if len(recs) != len(files):
            raise Failure("expected %d JSON lines, got %d" % (len(files), len(recs)))
        errors = words = 0
        for r, (path, ref) in zip(recs, files):
            want = torch_greedy(model, read(path))
            if r["file"] != path or r["tokens"] != want or r["text"] != text(want):
                raise Failure("%s: %s vs PyTorch tokens %s" % (path, r, want))
            e = edit_distance(ref.split(), text(want).split())
            if r["word_errors"] != e or r["reference_words"] != len(ref.split()):
                raise Failure("%s: word errors %s, expected %d" % (path, r["word_errors"], e))
            for k in ("audio", "encoder", "decoder", "total"):
                if not r["seconds"][k] >= 0:
                    raise Failure("%s: seconds.%s = %r" % (path, k, r["seconds"][k]))
            errors, words = errors + e, words + len(ref.split())
        want_line = "word error rate %.2f%% (%d errors in %d words)" % (100.0 * errors / words,
                                                                        errors, words)
        if want_line not in p.stderr:
            raise Failure("expected %r in stderr:\n%s" % (want_line, p.stderr))
        return "tokens, texts, word errors as computed here; " + want_line
    suite.run("asr-run --json on a .tsv list with references", fsdd_json)

    def beam():
        chosen = files[:6]
        p = run([args.asr_run, out, "--beam", "4"] + [p for p, _ in chosen])
        got = dict(line.split("\t", 1) for line in p.stdout.splitlines())
        for path, _ in chosen:
            want = text(torch_beam(model, read(path), 4))
            if got.get(path) != want:
                raise Failure("%s: asr-run --beam 4 %r, PyTorch beam %r" % (path, got.get(path),
                                                                           want))
        return "6 files, best hypotheses equal"
    suite.run("asr-run --beam 4 == PyTorch beam search", beam)

    long_wav = os.path.join(work, "long.wav")

    def windows():
        # 24 s of FSDD recordings with pauses: windows of 10, 10 and 4 s.
        pieces = []
        while sum(len(x) for x in pieces) < 24 * 16000:
            for p, _ in files:
                pieces += [read(p), np.zeros(8000, np.float32)]
        audio = np.concatenate(pieces)[:24 * 16000]
        write_wav(long_wav, audio, 16000)
        samples = read(long_wav)
        n = 10 * 16000
        want = " ".join(t for t in (text(torch_greedy(model, samples[s:s + n]))
                                    for s in range(0, len(samples), n)) if t)
        p = run([args.asr_run, out, long_wav, "--json"])
        r = json.loads(p.stdout)
        if r["windows"] != 3 or r["text"] != want:
            raise Failure("windows %d, text %r; expected 3 windows, %r" % (r["windows"],
                                                                         r["text"], want))
        return "24 s in 3 windows, %d words as PyTorch" % len(want.split())
    suite.run("long audio cut into the model's windows", windows)

    def python_module():
        for p, _ in files[:5]:
            r = tr.transcribe(p)
            if r.text != expected[p]:
                raise Failure("%s: Transcriber %r, PyTorch %r" % (p, r.text, expected[p]))
        r = tr.transcribe(long_wav)
        p = run([args.asr_run, out, long_wav])
        if r.text != p.stdout.strip() or r.windows != 3:
            raise Failure("long file: Transcriber %r, asr-run %r" % (r.text, p.stdout.strip()))
        # A numpy array at the file's rate (8 kHz for FSDD): resampled by the
        # library, as asr-run does a file.
        path = files[0][0]
        pcm, rate = read_wav(path)
        r = tr.transcribe(pcm, sample_rate=rate)
        if r.text != expected[path]:
            raise Failure("numpy at %d Hz: %r, expected %r" % (rate, r.text, expected[path]))
        return "files, a 3-window file and a %d Hz numpy array give asr-run's texts" % rate
    suite.run("asrc_transcribe.Transcriber", python_module)

    def errors():
        missing = os.path.join(work, "missing.wav")
        p = run([args.asr_run, out, missing, files[0][0]], expect_rc=1)
        if missing not in p.stderr or "1 of 2 files failed" not in p.stderr or \
                files[0][0] not in p.stdout:
            raise Failure("missing file: %s / %s" % (p.stdout, p.stderr))
        p = run([args.asr_run, work, files[0][0]], expect_rc=2)
        if "holds 0 lib<model>.so files" not in p.stderr:
            raise Failure("no model: " + p.stderr)
        p = run([args.asr_run, out, "--beam", "0", files[0][0]], expect_rc=2)
        if "--beam takes an integer from 1 to 256, got '0'" not in p.stderr:
            raise Failure("bad option: " + p.stderr)
        ca = os.path.join(work, "content_attention")
        spec = os.path.join(ROOT, "examples", "content_attention", "content_attention.json")
        w = os.path.join(work, "ca.safetensors")
        run([sys.executable, os.path.join(ROOT, "scripts", "gen_weights.py"), spec, "-o", w])
        run([args.asrc, spec, "--weights", w, "-o", ca, "--quiet"])
        p = run([args.asr_run, ca, files[0][0]], expect_rc=2)
        if "cannot transcribe: its spec has no \"transcription\" table" not in p.stderr:
            raise Failure("no transcription: " + p.stderr)
        return "missing file (exit 1, others printed), no model, bad --beam, no transcription " \
            "table (exit 2)"
    suite.run("asr-run errors", errors)

    return suite.finish(t0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
