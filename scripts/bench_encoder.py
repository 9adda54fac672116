#!/usr/bin/python3
"""Benchmark: the Whisper-tiny-shaped encoder on 30 s of input (80 x 3000
log-mel frames), compiled by asrc, against the same model in PyTorch 1.13,
at 1 and 2 threads, in one run on the same weights and inputs.

    /usr/bin/python3 scripts/bench_encoder.py [--threads 1 2] [--runs 5] [--frames 3000]

Each (implementation, threads) case runs in its own process, so that the
thread settings of Halide (HL_NUM_THREADS) and PyTorch/OpenMP/OpenBLAS take
effect from the start. PyTorch runs under torch.inference_mode() twice: as
installed, and tuned as in ../shared/BASELINES.md (glibc huge pages; at 2
threads OMP_WAIT_POLICY=PASSIVE). Prints medians after warm-up, the
real-time factor, the ratios, the compile time and the library size, and
checks that both produce the same encoder output.
"""
import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "examples/whisper_tiny/whisper_tiny.json")
sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
sys.path.insert(0, os.path.join(ROOT, "tools/python"))
from bench_common import compile_model, machine, random_weights, run_child, thread_env  # noqa: E402


def child(args):
    """Times one implementation in this process; prints a JSON line."""
    import numpy as np
    rng = np.random.default_rng(0)
    mel = rng.standard_normal((1, args.frames, 80)).astype(np.float32)
    times = []
    if args.impl == "asrc":
        import asrc_ctypes
        lib = asrc_ctypes.Library(os.path.join(args.libdir, "libwhisper_tiny.so"))
        model = lib.create(args.weights, threads=args.threads)
        run = lambda: model.call("encode", mel)["encoded"]
    else:
        import torch
        import reference_models
        torch.set_num_threads(args.threads)
        enc = reference_models.WhisperTiny()
        reference_models.load_weights(enc, args.weights)
        enc.eval()
        x = torch.from_numpy(mel)

        def run():
            with torch.inference_mode():
                return enc.encode(x)[0].numpy()
    for _ in range(2):
        out = run()
    for _ in range(args.runs):
        t0 = time.perf_counter()
        out = run()
        times.append((time.perf_counter() - t0) * 1000)
    np.save(args.save, out)
    print(json.dumps({"median_ms": statistics.median(times), "min_ms": min(times)}))


def run_case(args, impl, threads, tuned=False):
    save = os.path.join(args.workdir, "out_%s_%d.npy" % (impl, threads))
    cmd = [sys.executable, __file__, "--child", impl, "--threads", str(threads),
           "--runs", str(args.runs), "--frames", str(args.frames), "--weights", args.weights,
           "--libdir", args.libdir, "--save", save]
    result = run_child(cmd, thread_env(threads, tuned), "%s at %d threads" % (impl, threads))
    return result, save


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--frames", type=int, default=3000)
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench"))
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--child", choices=["asrc", "torch"])
    p.add_argument("--weights")
    p.add_argument("--libdir")
    p.add_argument("--save")
    p.add_argument("--no-fuse-attention", action="store_true",
                   help="compile with asrc --no-fuse-attention (for comparison)")
    args = p.parse_args()
    if args.child:
        args.impl = args.child
        args.threads = args.threads[0]
        return child(args)

    import numpy as np
    os.makedirs(args.workdir, exist_ok=True)
    args.weights = os.path.join(args.workdir, "whisper_tiny.safetensors")
    args.libdir = os.path.join(args.workdir,
                               "whisper_unfused" if args.no_fuse_attention else "whisper_tiny")
    random_weights(SPEC, args.weights)
    compile_s = compile_model(args.asrc, SPEC, args.weights, args.libdir,
                              ["--no-fuse-attention"] if args.no_fuse_attention else [])
    size_mb = os.path.getsize(os.path.join(args.libdir, "libwhisper_tiny.so")) / 2**20

    audio_ms = args.frames * 10.0
    print("Whisper-tiny-shaped encoder, %d mel frames (%.0f s of audio), %d runs after 2 warm-up"
          % (args.frames, audio_ms / 1000, args.runs))
    print("machine: %s" % machine())
    print("asrc compile: %.1f s, libwhisper_tiny.so %.1f MiB" % (compile_s, size_mb))
    print()
    print("%-8s %12s %8s %14s %8s %14s %8s %10s" % ("threads", "asrc ms", "RTF", "torch ms", "ratio",
                                                 "torch-tuned ms", "ratio", "max |diff|"))
    for n in args.threads:
        a, a_out = run_case(args, "asrc", n)
        t, t_out = run_case(args, "torch", n)
        tt, _ = run_case(args, "torch", n, tuned=True)
        diff = float(np.max(np.abs(np.load(a_out) - np.load(t_out))))
        am, tm, ttm = a["median_ms"], t["median_ms"], tt["median_ms"]
        print("%-8d %12.1f %8.4f %14.1f %7.2fx %14.1f %7.2fx %10.2e"
              % (n, am, am / audio_ms, tm, tm / am, ttm, ttm / am, diff))
    print("\nratio = PyTorch time / asrc time (> 1: asrc is faster); RTF = time / audio duration")


if __name__ == "__main__":
    main()
