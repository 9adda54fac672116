#!/usr/bin/python3
"""Benchmark: multi-head scaled dot-product attention compiled by asrc (fused
online-softmax kernel and unfused score/softmax/weighted-sum kernels) against
PyTorch 1.13 and the OpenBLAS roof, at 1 and 2 threads, in one run on the
same inputs.

    /usr/bin/python3 scripts/bench_attention.py [--threads 1 2] [--runs 10] [--quick]
        [--shapes "H6 T1500" "decode H6 Lq=1" ...] [--clock cpu]

The model is the one-node spec of test/e2e/attention_spec.py
(attend(q [B, Lq, H*D], k [B, T, H*D], v [B, T, H*D], key_lengths [B]) ->
sdpa), B=1. Shapes (H, Lq, T, D): (6,1500,1500,64), (8,1500,1500,64),
(6,3000,3000,64) and a decode step (6,1,1500,64), the latter twice: with Lq
a symbol in the spec (asrc compiles the fused kernel's decode and tiled
schedules and picks by Lq at run time) and with Lq static = 1 (`decode H6
Lq=1`: the decode schedule only). FLOPs are 4*H*Lq*T*D (the two GEMMs).
Implementations:

* asrc fused / unfused: the library compiled with and without
  --no-fuse-attention;
* PyTorch 1.13: heads split by view/transpose, q@k^T*scale, softmax, @v,
  heads merged, under torch.inference_mode(); run as installed and tuned as
  in ../shared/BASELINES.md (glibc huge pages; at 2 threads
  OMP_WAIT_POLICY=PASSIVE);
* OpenBLAS roof: only the two GEMMs, np.matmul on float32 [H, T, D] arrays
  laid out per head beforehand (no softmax, no layout changes): the time a
  kernel that is as fast as OpenBLAS sgemm on its GEMMs could approach.

Each (implementation, threads) case runs in its own process with
HL_NUM_THREADS, OMP_NUM_THREADS, OPENBLAS_NUM_THREADS set, timing every
shape: medians of --runs runs after warm-up (decode steps: 20x the runs).
--quick: fewer runs, first shape only.
"""
import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
sys.path.insert(0, os.path.join(ROOT, "tools/python"))
from bench_common import compile_model, machine, run_child, thread_env  # noqa: E402

# (label, H, Lq, T, D, static Lq in the spec or None)
SHAPES = [("H6 T1500", 6, 1500, 1500, 64, None),
          ("H8 T1500", 8, 1500, 1500, 64, None),
          ("H6 T3000", 6, 3000, 3000, 64, None),
          ("decode H6 T1500", 6, 1, 1500, 64, None),
          ("decode H6 Lq=1", 6, 1, 1500, 64, 1)]
IMPLS = ["fused", "unfused", "torch", "torch-tuned", "openblas"]


def flops(shape):
    _, h, lq, t, d, _ = shape
    return 4.0 * h * lq * t * d


def inputs(shape):
    import numpy as np
    _, h, lq, t, d, _ = shape
    rng = np.random.default_rng(0)
    q = rng.standard_normal((1, lq, h * d), dtype=np.float32)
    k = rng.standard_normal((1, t, h * d), dtype=np.float32)
    v = rng.standard_normal((1, t, h * d), dtype=np.float32)
    return q, k, v, np.array([t], dtype=np.int32)


def child(args):
    """Times one implementation on every shape in this process; prints a JSON line."""
    import numpy as np
    import attention_spec
    shapes = [s for s in SHAPES if s[0] in args.shapes]
    results = {}
    models = {}
    if args.impl.startswith("torch"):
        import torch
        torch.set_num_threads(args.threads)
    for shape in shapes:
        label, h, lq, t, d, slq = shape
        q, k, v, lengths = inputs(shape)
        scale = 1.0 / np.sqrt(d)
        if args.impl in ("fused", "unfused"):
            import asrc_ctypes
            name = attention_spec.spec_name(h, d, slq)
            if name not in models:
                lib = asrc_ctypes.Library(os.path.join(args.workdir, args.impl, name,
                                                       "lib%s.so" % name))
                models[name] = lib.create(os.path.join(args.workdir, "empty.safetensors"),
                                          threads=args.threads)
            model = models[name]
            out = np.empty_like(q)
            run = lambda: model.call("attend", q, k, v, lengths, out={"out": out})
            result = lambda: out
        elif args.impl.startswith("torch"):
            import torch
            tq, tk, tv = (torch.from_numpy(x) for x in (q, k, v))
            box = {}

            def run():
                with torch.inference_mode():
                    qh = tq.view(1, lq, h, d).transpose(1, 2)
                    kh = tk.view(1, t, h, d).transpose(1, 2)
                    vh = tv.view(1, t, h, d).transpose(1, 2)
                    s = (qh @ kh.transpose(-1, -2)) * scale
                    p = torch.softmax(s, dim=-1)
                    box["out"] = (p @ vh).transpose(1, 2).reshape(1, lq, h * d)
            result = lambda: box["out"].numpy()
        else:
            qh = np.ascontiguousarray(q[0].reshape(lq, h, d).transpose(1, 0, 2))
            kt = np.ascontiguousarray(k[0].reshape(t, h, d).transpose(1, 2, 0))  # [H, D, T]
            vh = np.ascontiguousarray(v[0].reshape(t, h, d).transpose(1, 0, 2))  # [H, T, D]
            s = np.empty((h, lq, t), dtype=np.float32)
            o = np.empty((h, lq, d), dtype=np.float32)

            def run():
                np.matmul(qh, kt, out=s)
                np.matmul(s, vh, out=o)
            result = None
        runs = args.runs * (20 if lq == 1 else 1)
        for _ in range(3 if lq > 1 else 20):
            run()
        times = []
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        for _ in range(runs):
            t0 = clock()
            run()
            times.append((clock() - t0) * 1000)
        results[label] = {"median_ms": statistics.median(times), "min_ms": min(times)}
        if result is not None and args.save:
            np.save(os.path.join(args.save, "%s_%s.npy" % (args.impl, label.replace(" ", "_"))),
                    result())
    print(json.dumps(results))


def run_case(args, impl, threads):
    save = os.path.join(args.workdir, "out_%d" % threads)
    os.makedirs(save, exist_ok=True)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", impl, "--threads", str(threads),
           "--runs", str(args.runs), "--clock", args.clock, "--workdir", args.workdir, "--save", save,
           "--shapes"] + [s[0] for s in args.shape_list]
    env = thread_env(threads, tuned=impl == "torch-tuned")
    return run_child(cmd, env, "%s at %d threads" % (impl, threads)), save


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--quick", action="store_true", help="3 runs, first shape only")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="cpu: time each call by the process's CPU time (1 thread only): "
                   "on a shared machine it leaves out the time other jobs hold the core")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench/attention"))
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--child", choices=IMPLS)
    p.add_argument("--shapes", nargs="+", help="only these shapes (labels as printed)")
    p.add_argument("--save")
    args = p.parse_args()
    if args.child:
        args.impl = args.child
        args.threads = args.threads[0]
        return child(args)
    if args.clock == "cpu" and any(n != 1 for n in args.threads):
        sys.exit("bench: --clock cpu measures 1 thread only (use --threads 1)")

    import numpy as np
    import attention_spec
    if args.quick:
        args.runs = min(args.runs, 3)
        args.shape_list = SHAPES[:1]
    else:
        if args.runs < 10:
            sys.exit("bench: --runs must be >= 10 (or use --quick)")
        args.shape_list = SHAPES
    if args.shapes:
        args.shape_list = [s for s in SHAPES if s[0] in args.shapes]
        if not args.shape_list:
            sys.exit("bench: no shape named %s (shapes: %s)"
                     % (args.shapes, ", ".join(s[0] for s in SHAPES)))
    os.makedirs(args.workdir, exist_ok=True)
    compile_s = {}
    for h, d, slq in sorted({(s[1], s[4], s[5] or 0) for s in args.shape_list}):
        spec, _ = attention_spec.write(args.workdir, h, d, slq or None)
        name = attention_spec.spec_name(h, d, slq or None)
        for impl, extra in (("fused", []), ("unfused", ["--no-fuse-attention"])):
            compile_s["%s %s" % (name, impl)] = compile_model(
                args.asrc, spec, os.path.join(args.workdir, "empty.safetensors"),
                os.path.join(args.workdir, impl, name), extra)

    print("Multi-head attention (sdpa, B=1, fp32), medians of %d runs after warm-up "
          "(decode: %d runs), %s time" % (args.runs, 20 * args.runs,
                                          "process CPU" if args.clock == "cpu" else "wall"))
    print("machine: %s" % machine())
    print("asrc compile: " + ", ".join("%s %.1f s" % kv for kv in compile_s.items()))
    print("GFLOP/s = 4*H*Lq*T*D / time; OpenBLAS = the two GEMMs alone (np.matmul per head)")
    print()
    hdr = "%-3s %-16s" % ("thr", "shape") + "".join("%15s" % i for i in IMPLS) \
        + "%10s %10s %10s %10s" % ("fus/unf", "fus/torch", "fus/tuned", "fus/blas") + "%11s" % "max|diff|"
    print(hdr)
    for n in args.threads:
        res = {}
        for impl in IMPLS:
            res[impl], save = run_case(args, impl, n)
        for shape in args.shape_list:
            label = shape[0]
            f = flops(shape)
            row = "%-3d %-16s" % (n, label)
            for impl in IMPLS:
                ms = res[impl][label]["median_ms"]
                cell = ("%.3f" % ms if ms < 10 else "%.1f" % ms) + "/" + "%.0f" % (f / ms / 1e6)
                row += "%15s" % cell
            fm = res["fused"][label]["median_ms"]
            row += "".join("%9.2fx " % (fm / res[i][label]["median_ms"])
                           for i in ("unfused", "torch", "torch-tuned", "openblas"))
            key = label.replace(" ", "_")
            ref = np.load(os.path.join(save, "torch_%s.npy" % key))
            diff = max(float(np.max(np.abs(np.load(os.path.join(save, "%s_%s.npy" % (i, key))) - ref)))
                       for i in ("fused", "unfused"))
            row += "%11.2e" % diff
            print(row)
    print("\ncells: ms/GFLOP/s. fus/x = asrc fused time / time of x (< 1: fused is faster;"
          " fus/blas > 1: fused is slower than OpenBLAS's two GEMMs alone). "
          "max|diff| = asrc (fused, unfused) vs PyTorch output.")


if __name__ == "__main__":
    main()
