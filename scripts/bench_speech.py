#!/usr/bin/python3
"""Benchmark: speech in, text out. Audio file -> front end (Whisper log-mel)
-> encoder -> greedy decoder, the library asrc compiles (through
tools/python/asrc_transcribe.py, what asr-run does) against the same
pipeline in PyTorch 1.13, on the 11 s JFK clip and on a 30 s window, at 1
and 2 threads, in one run on the same weights and the same samples.

    /usr/bin/python3 scripts/bench_speech.py [--threads 1 2] [--runs 3] [--tokens 100]
        [--audio ../shared/data/speech/whisper_cpp/jfk.wav] [--json OUT.json]

Models:

* whisper: Whisper-tiny-shaped (4 + 4 layers, d 384, vocabulary 51865),
  random weights (seeded; scripts/bench_speech_model.py), taking raw
  samples: reference_models.WhisperTiny with encode_samples(samples) =
  encoder(whisper_log_mel(samples, 80)), imported through
  frontend/torch/asr_import_torch.py (the front end becomes one `log_mel`
  node) with the decoding recipe of examples/make_specs.py's whisper_tiny
  (max_length --tokens) and a transcription table (16 kHz, 30 s windows,
  token texts "<id>"), compiled with asrc into build/bench/speech (again
  only when the spec, the weights or asrc changed). Greedy decoding of
  --tokens tokens (random weights rarely end).
* digits: the trained demo model (examples/digits/digits.json +
  digits.safetensors, or --digits SPEC; 10 s windows, at most its recipe's
  max_length, 31, tokens per window), when those files exist.

Inputs: the JFK clip as it is (11 s: one window of the whisper model, two of
digits, 10 s + 1 s) and a 30 s WAV (the clip repeated, cut at exactly 30 s, 16-bit PCM,
written to a temporary file), read by both sides from the file.

* asrc: asrc_transcribe.Transcriber (greedy): audio read + resample by the
  library (asrc_audio_read), then asrc_decode per window, whose encoder time
  includes the compiled log-mel front end and whose decoder time includes
  decode_step_prepare (the cross-attention keys/values). The front end alone
  is timed on the same windows with a one-node log_mel library compiled
  here (the same kernel the model's encode entry calls).
* PyTorch: the same weights (the safetensors file asrc reads), samples read
  through the same library call (timed apart), then per window
  whisper_log_mel, the encoder, and greedy decoding with a key/value cache
  (scripts/bench_transcribe.py's torch_transcribe: cross-attention
  keys/values once per window, self-attention keys/values appended per
  step), under torch.inference_mode(), torch.set_num_threads(n); attention
  as openai-whisper computes it (reference_models' WhisperAttention:
  softmax(q k^T) v where nothing is masked). PyTorch runs twice (as ../shared/BASELINES.md asks):
  as installed ("torch"), and tuned ("tuned": glibc huge pages and, at 2
  threads, OMP_WAIT_POLICY=PASSIVE; without it PyTorch's OpenMP threads
  spin against OpenBLAS's and a decoder step at 2 threads takes several
  times as long as at 1). --no-tuned leaves the second out.

Columns: read (file -> samples), front end (log-mel alone), encode (front end
+ encoder), decode (all steps), total (wall time of the whole: read + all
windows), RTF = total / audio seconds. Each (model, implementation,
threads) case runs in its own process; medians of --runs after one warm-up.
Tokens of asrc and PyTorch are compared per input (they must be identical;
the exit status is 1 otherwise).

Measured on an idle 2-core AMD EPYC with the defaults (total ms and RTF;
PyTorch tuned; tokens identical everywhere; build/bench/bench_speech.txt):

                      1 thread: asrc     PyTorch           2 threads: asrc   PyTorch
    whisper, 11 s     870 (0.079)        2196 (0.200)      828 (0.075)       1572 (0.143)
    whisper, 30 s     1236 (0.041)       2887 (0.096)      955 (0.032)       2174 (0.072)
    digits, 11 s      22.7 (0.0021)      38.9 (0.0035)     15.8 (0.0014)     32.1 (0.0029)
    digits, 30 s      58.9 (0.0020)      111.5 (0.0037)    58.0 (0.0019)     131.0 (0.0044)

The whisper-shaped decoder (100 tokens) is most of asrc's time and takes as
long at 2 threads as at 1 (about 750 ms either way); digits at 30 s and 2
threads measured 37.1 ms (asrc) in a rerun: 3 runs are noisy there.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "scripts")
sys.path.insert(0, os.path.join(ROOT, "tools/python"))
sys.path.insert(0, os.path.join(ROOT, "frontend", "torch"))
from bench_common import machine, run_child, thread_env  # noqa: E402
from asr_torch.audio import write_wav  # noqa: E402

DIGITS_DIR = os.path.join(ROOT, "examples", "digits")
DIGITS_SPEC = os.path.join(DIGITS_DIR, "digits.json")
JFK = os.path.join(os.path.dirname(ROOT), "shared", "data", "speech", "whisper_cpp", "jfk.wav")


# ---------------------------------------------------------------------------
# Building: import, compile (skipped when the library is newer than its
# inputs and asrc, and was built from the same spec)
# ---------------------------------------------------------------------------

def compile_if_needed(asrc, spec, weights, outdir, force=False):
    """asrc SPEC --weights W -o OUTDIR; returns the seconds it took, or None
    when the library there is current."""
    stamp = os.path.join(outdir, ".bench_speech_spec.json")
    with open(spec) as f:
        text = f.read()
    libs = [os.path.join(outdir, n) for n in os.listdir(outdir)
            if n.startswith("lib") and n.endswith(".so")] if os.path.isdir(outdir) else []
    if not force and len(libs) == 1 and os.path.exists(stamp):
        newest = max(os.path.getmtime(p) for p in (asrc, spec, weights))
        with open(stamp) as f:
            if f.read() == text and os.path.getmtime(libs[0]) >= newest:
                return None
    shutil.rmtree(outdir, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([asrc, spec, "--weights", weights, "-o", outdir, "--quiet"], check=True)
    with open(stamp, "w") as f:
        f.write(text)
    return time.perf_counter() - t0


def spec_decoding(spec):
    with open(spec) as f:
        return json.load(f).get("decoding")


def build_whisper(args):
    """The Whisper-tiny-shaped speech model: state_dict, import, compile."""
    work = args.workdir
    pt = os.path.join(work, "whisper_speech_seed%d.pt" % args.seed)
    spec = os.path.join(work, "whisper_speech.json")
    weights = os.path.join(work, "whisper_speech.safetensors")
    model_py = os.path.join(HERE, "bench_speech_model.py")
    if args.rebuild or not os.path.exists(pt) or os.path.getmtime(pt) < os.path.getmtime(model_py):
        code = ("import sys, torch; sys.path.insert(0, %r); import bench_speech_model as m; "
                "torch.save(m.seeded_state_dict(%d), %r)" % (HERE, args.seed, pt))
        subprocess.run([sys.executable, "-c", code], check=True)
    sys.path.insert(0, HERE)
    import bench_speech_model as m
    recipe = m.decoding(max_length=args.tokens)
    if args.rebuild or not os.path.exists(spec) or not os.path.exists(weights) or \
            os.path.getmtime(spec) < max(os.path.getmtime(pt), os.path.getmtime(model_py)) or \
            spec_decoding(spec) != recipe:
        table = os.path.join(work, "whisper_speech_transcription.json")
        with open(table, "w") as f:     # too long for one argument
            json.dump(m.transcription(), f)
        cmd = [sys.executable, os.path.join(ROOT, "frontend/torch/asr_import_torch.py"),
               "--module", "bench_speech_model:WhisperTinySamples", "--python-path", HERE,
               "--state-dict", pt, "--name", "whisper_speech", "-o", spec,
               "--weights-out", weights, "--samples", "B=1,N=16000,S=50;B=2,N=24000,S=75",
               "--decoding", json.dumps(recipe),
               "--transcription", "@" + table]
        for e in m.entries():
            cmd += ["--entry", e]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        print("imported the whisper-shaped model in %.1f s" % (time.perf_counter() - t0))
    libdir = os.path.join(work, "whisper_speech")
    s = compile_if_needed(args.asrc, spec, weights, libdir, args.rebuild)
    if s is not None:
        print("compiled %s in %.1f s" % (libdir, s))
    return libdir, weights


def build_digits(args, spec, weights):
    libdir = os.path.join(args.workdir, "digits")
    s = compile_if_needed(args.asrc, spec, weights, libdir, args.rebuild)
    if s is not None:
        print("compiled %s in %.1f s" % (libdir, s))
    return libdir, weights


def build_frontend(args):
    """A one-entry library: audio [B, N] -> log_mel (whisper, 80 mels)."""
    spec = os.path.join(args.workdir, "bench_logmel.json")
    text = json.dumps({
        "name": "bench_logmel", "version": 1,
        "description": "Whisper's log-mel front end alone (scripts/bench_speech.py)",
        "weights": {"tensors": {}},
        "entry_points": [{
            "name": "whisper80",
            "inputs": [{"name": "audio", "dtype": "f32", "shape": ["B", "N"]}],
            "nodes": [{"name": "mel", "op": "log_mel", "inputs": ["audio"],
                       "attrs": {"style": "whisper", "n_mels": 80}}],
            "outputs": [{"name": "features", "value": "mel"}]}]}, indent=1)
    old = open(spec).read() if os.path.exists(spec) else None
    if old != text:
        with open(spec, "w") as f:
            f.write(text)
    weights = os.path.join(args.workdir, "bench_logmel.safetensors")
    if not os.path.exists(weights):
        from asr_torch import safetensors
        safetensors.write(weights, {})
    libdir = os.path.join(args.workdir, "bench_logmel")
    s = compile_if_needed(args.asrc, spec, weights, libdir, args.rebuild)
    if s is not None:
        print("compiled %s in %.1f s" % (libdir, s))
    return libdir


# ---------------------------------------------------------------------------
# One case in this process
# ---------------------------------------------------------------------------

def median_of(runs):
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def child_asrc(args, inputs):
    import numpy as np
    import asrc_ctypes
    from asrc_transcribe import Transcriber
    t = Transcriber(args.libdir, threads=args.threads, weights=args.weights)
    fe_lib = asrc_ctypes.Library(os.path.join(args.frontend, "libbench_logmel.so"))
    fe = fe_lib.create(os.path.join(args.frontend, "bench_logmel.safetensors"),
                       threads=args.threads)
    results = []
    for path in inputs:
        runs, tokens = [], None
        for i in range(args.runs + 1):
            t0 = time.perf_counter()
            r = t.transcribe(path, max_length=args.max_length)
            total = (time.perf_counter() - t0) * 1000
            if i:
                runs.append({"read_ms": r.seconds["audio"] * 1000,
                             "encode_ms": r.seconds["encoder"] * 1000,
                             "decode_ms": r.seconds["decoder"] * 1000, "total_ms": total})
            tokens = r.tokens
        # The front end alone, on the same windows.
        samples = t.library.read_audio(path, t.sample_rate)
        pieces = [np.ascontiguousarray(p[None]) for p in t.windows(samples)]
        fe_ms = []
        for i in range(args.runs + 1):
            t0 = time.perf_counter()
            for p in pieces:
                fe.call("whisper80", p)
            if i:
                fe_ms.append((time.perf_counter() - t0) * 1000)
        for r, ms in zip(runs, fe_ms):
            r["frontend_ms"] = ms
        results.append(dict(median_of(runs), tokens=tokens, windows=len(pieces),
                            audio_s=len(samples) / t.sample_rate))
    return results


def torch_model(args):
    import torch
    import reference_models
    if args.model == "digits":
        import importlib.util
        spec = importlib.util.spec_from_file_location("digits_model",
                                                      os.path.join(DIGITS_DIR, "model.py"))
        d = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(d)
        model, info = d.Digits(), dict(sot=d.SOS, eot=d.EOS, max_tokens=d.MAX_LENGTH,
                                       rate=d.SAMPLE_RATE, window=d.WINDOW_SECONDS,
                                       n_mels=d.N_MELS)
    else:
        sys.path.insert(0, HERE)
        import bench_speech_model as m
        model, info = m.WhisperTinySamples(), dict(sot=m.SOT, eot=m.EOT,
                                                   max_tokens=args.max_length,
                                                   rate=m.SAMPLE_RATE, window=m.WINDOW_SECONDS,
                                                   n_mels=m.N_MELS)
    reference_models.load_weights(model, args.weights)
    model.eval()
    torch.set_num_threads(args.threads)
    return model, info


def child_torch(args, inputs):
    import glob
    import torch
    import asrc_ctypes
    from asr_torch.audio import whisper_log_mel
    from asrc_transcribe import windows
    from bench_transcribe import torch_transcribe
    model, info = torch_model(args)
    lib = asrc_ctypes.Library(glob.glob(os.path.join(args.libdir, "lib*.so"))[0])
    results = []
    for path in inputs:
        runs, tokens = [], None
        for i in range(args.runs + 1):
            with torch.inference_mode():
                t0 = time.perf_counter()
                samples = lib.read_audio(path, info["rate"])
                t1 = time.perf_counter()
                r = {"read_ms": (t1 - t0) * 1000, "frontend_ms": 0.0, "encode_ms": 0.0,
                     "decode_ms": 0.0}
                tokens = []
                pieces = windows(samples, info["rate"], info["window"])
                for p in pieces:
                    s0 = time.perf_counter()
                    mel = whisper_log_mel(torch.from_numpy(p)[None], info["n_mels"])
                    s1 = time.perf_counter()
                    toks, enc_ms, _ = torch_transcribe(model, mel, info["max_tokens"],
                                                       info["sot"], info["eot"])
                    s2 = time.perf_counter()
                    fe_ms = (s1 - s0) * 1000
                    r["frontend_ms"] += fe_ms
                    r["encode_ms"] += fe_ms + enc_ms
                    r["decode_ms"] += (s2 - s1) * 1000 - enc_ms
                    tokens += toks
                r["total_ms"] = (time.perf_counter() - t0) * 1000
            if i:
                runs.append(r)
        results.append(dict(median_of(runs), tokens=tokens, windows=len(pieces),
                            audio_s=len(samples) / info["rate"]))
    return results


def child(args):
    sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
    sys.path.insert(0, HERE)
    inputs = args.inputs
    res = child_asrc(args, inputs) if args.child == "asrc" else child_torch(args, inputs)
    print(json.dumps(res))


# ---------------------------------------------------------------------------

def first_difference(a, b):
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--runs", type=int, default=3, help="measured runs (median), after 1 warm-up")
    p.add_argument("--tokens", type=int, default=100,
                   help="tokens per window, whisper-shaped model (the digits model: its own 31)")
    p.add_argument("--audio", default=JFK, help="the clip (default: JFK, 11 s)")
    p.add_argument("--models", nargs="+", default=["whisper", "digits"],
                   choices=["whisper", "digits"])
    p.add_argument("--digits", default=DIGITS_SPEC, metavar="SPEC.json",
                   help="the digits model's spec (weights: SPEC.safetensors beside it)")
    p.add_argument("--seed", type=int, default=0, help="of the whisper-shaped model's weights")
    p.add_argument("--json", metavar="OUT", help="write the results as JSON")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench/speech"))
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--no-tuned", action="store_true",
                   help="PyTorch as installed only (not also tuned as ../shared/BASELINES.md "
                        "says: glibc huge pages, OMP_WAIT_POLICY=PASSIVE at 2 threads)")
    p.add_argument("--rebuild", action="store_true", help="import and compile again")
    p.add_argument("--child", choices=["asrc", "torch"], help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.add_argument("--libdir", help=argparse.SUPPRESS)
    p.add_argument("--weights", help=argparse.SUPPRESS)
    p.add_argument("--frontend", help=argparse.SUPPRESS)
    p.add_argument("--max-length", type=int, help=argparse.SUPPRESS)
    p.add_argument("--inputs", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        args.threads = args.threads[0]
        return child(args)

    if not os.path.exists(args.audio):
        sys.exit("bench_speech: no audio at %s (--audio)" % args.audio)
    os.makedirs(args.workdir, exist_ok=True)
    models = []
    if "whisper" in args.models:
        libdir, weights = build_whisper(args)
        models.append(("whisper", libdir, weights, args.tokens))
    if "digits" in args.models:
        dweights = os.path.splitext(args.digits)[0] + ".safetensors"
        if os.path.exists(args.digits) and os.path.exists(dweights):
            libdir, weights = build_digits(args, args.digits, dweights)
            models.append(("digits", libdir, weights, spec_decoding(args.digits)["max_length"]))
        else:
            print("digits: skipped (no %s + %s)" % (os.path.relpath(args.digits, ROOT),
                                                    os.path.basename(dweights)))
    frontend = build_frontend(args)

    # The 30 s input: the clip repeated, cut at exactly 30 s.
    import numpy as np
    import asrc_ctypes
    lib = asrc_ctypes.Library(os.path.join(frontend, "libbench_logmel.so"))
    clip = lib.read_audio(args.audio, 16000)
    tmp = tempfile.NamedTemporaryFile(prefix="bench_speech_30s_", suffix=".wav",
                                      dir=args.workdir, delete=False)
    tmp.close()
    write_wav(tmp.name, np.resize(clip, 30 * 16000), 16000)
    inputs = [(os.path.basename(args.audio), args.audio), ("30s", tmp.name)]

    print("\nSpeech in, text out: read + front end + encoder + greedy decoder, batch 1; "
          "median of %d runs after 1 warm-up" % args.runs)
    print("inputs: %s (%.2f s), 30s (%s repeated to 30.00 s)"
          % (inputs[0][0], len(clip) / 16000, inputs[0][0]))
    print("machine: %s\n" % machine())
    head = "%-8s %-9s %3s %-6s %8s %9s %9s %9s %9s %7s %3s %6s" % (
        "model", "input", "thr", "impl", "read ms", "front ms", "encode ms", "decode ms",
        "total ms", "RTF", "win", "tokens")
    print(head)
    print("-" * len(head))
    records, all_same = [], True
    impls = ("asrc", "torch") if args.no_tuned else ("asrc", "torch", "tuned")
    try:
        for name, libdir, weights, max_length in models:
            for n in args.threads:
                res = {}
                for impl in impls:
                    cmd = [sys.executable, os.path.abspath(__file__),
                           "--child", "asrc" if impl == "asrc" else "torch",
                           "--model", name, "--threads", str(n), "--runs", str(args.runs),
                           "--libdir", libdir, "--weights", weights, "--frontend", frontend,
                           "--max-length", str(max_length), "--inputs"] + [p for _, p in inputs]
                    res[impl] = run_child(cmd, thread_env(n, tuned=impl == "tuned"),
                                          "%s %s at %d threads" % (name, impl, n))
                for k, (label, _) in enumerate(inputs):
                    rows = {}
                    for impl in impls:
                        r = res[impl][k]
                        r["rtf"] = r["total_ms"] / 1000 / r["audio_s"]
                        rows[impl] = r
                        print("%-8s %-9s %3d %-6s %8.2f %9.2f %9.1f %9.1f %9.1f %7.4f %3d %6d" % (
                            name, label, n, impl, r["read_ms"], r["frontend_ms"], r["encode_ms"],
                            r["decode_ms"], r["total_ms"], r["rtf"], r["windows"],
                            len(r["tokens"])))
                        records.append(dict(r, model=name, input=label, threads=n, impl=impl))
                    a = rows["asrc"]
                    for impl in impls[1:]:
                        t = rows[impl]
                        same = a["tokens"] == t["tokens"]
                        all_same = all_same and same
                        print("%-8s %-9s %3d %-6s %8s %8.2fx %8.2fx %8.2fx %8.2fx   tokens %s" % (
                            name, label, n, "/" + impl, "", t["frontend_ms"] / a["frontend_ms"],
                            t["encode_ms"] / a["encode_ms"], t["decode_ms"] / a["decode_ms"],
                            t["total_ms"] / a["total_ms"],
                            "identical" if same else "DIFFER (first %d agree)"
                            % first_difference(a["tokens"], t["tokens"])))
    finally:
        os.unlink(tmp.name)
    print("\ntorch: PyTorch as installed; tuned: with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 and, "
          "at 2 threads, OMP_WAIT_POLICY=PASSIVE")
    print("/torch, /tuned: PyTorch time / asrc time (> 1: asrc is faster); read: the same "
          "library call on both sides")
    print("asrc front end: a one-node log_mel library on the same windows (its encode "
          "includes the same kernel)")
    print("tokens: %s" % ("identical on every case" if all_same else "DIFFER on some case"))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine(), "runs": args.runs, "tokens": args.tokens,
                       "audio": args.audio, "results": records}, f, indent=1)
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
