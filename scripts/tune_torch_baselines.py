#!/usr/bin/python3
"""PyTorch 1.13 baselines for the kernel-tuning experiments (docs/experiments):
the same four kernels that asr-tune tunes, timed in PyTorch at each thread
count, written as CSV rows `kernel,impl,threads,time_ms,gflops`.

    /usr/bin/python3 scripts/tune_torch_baselines.py --out FILE [--threads 1,2]
        [--kernels attention_h6_t1500_d64,...] [--variants pytorch,pytorch-tuned]
        [--min-time 1.0] [--quick]

Kernels (fp32, batch 1):

* attention_h6_t1500_d64: q, k, v [1, 1500, 6*64]; heads split by
  view/transpose, s = q @ k^T * 64^-0.5, p = softmax(s), o = p @ v, heads
  merged to [1, 1500, 384] (what openai-whisper computes; PyTorch 1.13 has
  no scaled_dot_product_attention). FLOPs 4*H*Lq*T*D.
* attention_decode_h6_t1500_d64: the same with one query (q [1, 1, 384]).
* matmul_1500x384x1536: F.linear(x [1500, 384], W [1536, 384]) = x @ W^T,
  no bias (an encoder MLP's first Linear). FLOPs 2*M*N*K.
* encoder_whisper_tiny_30s: test/e2e/reference_models.WhisperTiny().encode
  on mel [1, 3000, 80] (30 s of audio), the random weights of
  scripts/bench_encoder.py (gen_weights.py, seed 0). gflops left empty.

What is timed: one call of the kernel under torch.inference_mode() on inputs
made beforehand (standard normal, seed 0), with time.perf_counter. Warm-up
calls first (at least 2 and about 0.2 s), then N timed calls, N = at least 5
and enough for --min-time seconds in all (the estimate from the warm-up), at
most 10000; the row's time_ms is the median. --quick: 1 warm-up, 3 timed
calls (for tests; not for publishing).

Threads: as in scripts/bench_common.py, each (variant, threads) case runs in
its own process under bench_common.thread_env(threads) (OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS, MKL_NUM_THREADS set from the start) and calls
torch.set_num_threads(threads). Variants (../shared/BASELINES.md):
`pytorch` is PyTorch as installed; `pytorch-tuned` adds glibc huge pages and,
at more than one thread, OMP_WAIT_POLICY=PASSIVE (thread_env(tuned=True)).

--out FILE is appended to (created with a header when new or empty). A table
is printed too, with the machine (lscpu model name, core count) and
torch.__version__.
"""
import argparse
import csv
import json
import math
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
from bench_common import machine, random_weights, run_child, thread_env  # noqa: E402

SPEC = os.path.join(ROOT, "examples/whisper_tiny/whisper_tiny.json")
COLUMNS = ["kernel", "impl", "threads", "time_ms", "gflops"]

# name -> (kind, shape); attention shapes are (H, Lq, T, D), matmul (M, K, N).
KERNELS = {
    "attention_h6_t1500_d64": ("attention", (6, 1500, 1500, 64)),
    "attention_decode_h6_t1500_d64": ("attention", (6, 1, 1500, 64)),
    "matmul_1500x384x1536": ("matmul", (1500, 384, 1536)),
    "encoder_whisper_tiny_30s": ("encoder", (3000, 80)),
}
VARIANTS = ["pytorch", "pytorch-tuned"]


def flops(name):
    """Floating-point operations of one call, or None (the encoder)."""
    kind, shape = KERNELS[name]
    if kind == "attention":
        h, lq, t, d = shape
        return 4.0 * h * lq * t * d
    if kind == "matmul":
        m, k, n = shape
        return 2.0 * m * n * k
    return None


def make_kernel(name, weights):
    """A no-argument function that runs kernel `name` once (inputs made here)."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    kind, shape = KERNELS[name]
    rng = np.random.default_rng(0)
    if kind == "attention":
        h, lq, t, d = shape
        q, k, v = (torch.from_numpy(rng.standard_normal((1, n, h * d), dtype=np.float32))
                   for n in (lq, t, t))
        scale = d ** -0.5

        def run():
            with torch.inference_mode():
                qh = q.view(1, lq, h, d).transpose(1, 2)
                kh = k.view(1, t, h, d).transpose(1, 2)
                vh = v.view(1, t, h, d).transpose(1, 2)
                p = torch.softmax((qh @ kh.transpose(-1, -2)) * scale, dim=-1)
                return (p @ vh).transpose(1, 2).reshape(1, lq, h * d)
        return run
    if kind == "matmul":
        m, k, n = shape
        x = torch.from_numpy(rng.standard_normal((m, k), dtype=np.float32))
        w = torch.from_numpy(rng.standard_normal((n, k), dtype=np.float32))

        def run():
            with torch.inference_mode():
                return F.linear(x, w)
        return run
    import reference_models
    frames, mels = shape
    model = reference_models.WhisperTiny()
    reference_models.load_weights(model, weights)
    model.eval()
    mel = torch.from_numpy(rng.standard_normal((1, frames, mels), dtype=np.float32))

    def run():
        with torch.inference_mode():
            return model.encode(mel)[0]
    return run


def measure(run, min_time, quick):
    """Warm-up, then the median (and min, count) of timed calls, in ms."""
    if quick:
        warm, reps = 1, 3
        for _ in range(warm):
            run()
    else:
        t0 = time.perf_counter()
        warm = 0
        while warm < 2 or (time.perf_counter() - t0 < 0.2 and warm < 1000):
            run()
            warm += 1
        # estimate from the last warm-up call (the first ones may fault in memory)
        t1 = time.perf_counter()
        run()
        est = max(time.perf_counter() - t1, 1e-7)
        reps = min(10000, max(5, math.ceil(min_time / est)))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "runs": reps}


def child(args):
    """Times every kernel of args.kernels in this process; prints a JSON line."""
    import torch
    torch.set_num_threads(args.threads)
    results = {}
    for name in args.kernels:
        run = make_kernel(name, args.weights)
        results[name] = measure(run, args.min_time, args.quick)
        del run
    results["_torch_threads"] = torch.get_num_threads()
    print(json.dumps(results))


def append_rows(path, rows):
    """Appends rows to the CSV at `path`, with the header when it is new or empty."""
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        if new:
            w.writerow(COLUMNS)
        w.writerows(rows)


def fmt_ms(ms):
    return "%.4f" % ms if ms < 1 else "%.3f" % ms if ms < 100 else "%.1f" % ms


def comma_list(text):
    return [s for s in text.split(",") if s]


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", help="CSV file to append rows to (created with a header if new)")
    p.add_argument("--threads", default="1,2", help="comma list of thread counts (default 1,2)")
    p.add_argument("--kernels", default=",".join(KERNELS),
                   help="comma list (default all: %s)" % ", ".join(KERNELS))
    p.add_argument("--variants", default=",".join(VARIANTS),
                   help="comma list of %s (default both)" % ", ".join(VARIANTS))
    p.add_argument("--min-time", type=float, default=1.0,
                   help="timed seconds per kernel at least (default 1.0; >= 5 calls anyway)")
    p.add_argument("--quick", action="store_true", help="1 warm-up and 3 timed calls (tests)")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench"),
                   help="where the encoder's random weights are kept (default build/bench)")
    p.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    p.add_argument("--weights", help=argparse.SUPPRESS)
    args = p.parse_args()
    try:
        args.threads = [int(n) for n in comma_list(args.threads)]
    except ValueError:
        p.error("--threads: a comma list of integers, e.g. 1,2")
    if not args.threads or min(args.threads) < 1:
        p.error("--threads: thread counts must be >= 1")
    args.kernels = comma_list(args.kernels)
    unknown = [k for k in args.kernels if k not in KERNELS]
    if unknown or not args.kernels:
        p.error("--kernels: unknown %s (kernels: %s)" % (", ".join(unknown), ", ".join(KERNELS)))
    variants = comma_list(args.variants)
    if not variants or any(v not in VARIANTS for v in variants):
        p.error("--variants: a comma list of %s" % ", ".join(VARIANTS))
    if args.child:
        args.threads = args.threads[0]
        return child(args)
    if not args.out:
        p.error("--out FILE is required")

    import torch
    if "encoder_whisper_tiny_30s" in args.kernels:
        os.makedirs(args.workdir, exist_ok=True)
        args.weights = random_weights(SPEC, os.path.join(args.workdir, "whisper_tiny.safetensors"))
    reps = "1 warm-up, 3 timed calls (--quick)" if args.quick else \
        "warm-up, then median of >= 5 calls and >= %.1f s" % args.min_time
    print("PyTorch baselines for kernel tuning: %s" % reps)
    print("machine: %s" % machine())
    print("torch %s (%s)" % (torch.__version__, sys.executable))
    print()
    print("%-32s %-14s %3s %10s %10s %9s %6s" % ("kernel", "impl", "thr", "median ms", "min ms",
                                                "GFLOP/s", "runs"))
    rows = []
    for n in args.threads:
        for variant in variants:
            cmd = [sys.executable, os.path.abspath(__file__), "--child", variant,
                   "--threads", str(n), "--kernels", ",".join(args.kernels),
                   "--min-time", str(args.min_time), "--weights", args.weights or ""]
            if args.quick:
                cmd.append("--quick")
            res = run_child(cmd, thread_env(n, tuned=variant == "pytorch-tuned"),
                            "%s at %d threads" % (variant, n))
            if res["_torch_threads"] != n:
                sys.exit("tune_torch_baselines: torch runs %d threads, asked %d"
                         % (res["_torch_threads"], n))
            for name in args.kernels:
                r = res[name]
                f = flops(name)
                g = f / (r["median_ms"] * 1e6) if f else None
                rows.append([name, variant, n, "%.6g" % r["median_ms"],
                             "%.2f" % g if g else ""])
                print("%-32s %-14s %3d %10s %10s %9s %6d"
                      % (name, variant, n, fmt_ms(r["median_ms"]), fmt_ms(r["min_ms"]),
                         "%.1f" % g if g else "-", r["runs"]))
            sys.stdout.flush()
    append_rows(args.out, rows)
    print("\n%d rows appended to %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
