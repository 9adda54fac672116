#!/usr/bin/python3
"""Benchmark: one decoder step of the example encoder-decoder models over 30 s
of encoded audio, compiled by asrc with and without asr-hoist-per-utterance,
against the PyTorch 1.13 reference, at 1 and 2 threads, in one run on the
same weights and inputs.

    /usr/bin/python3 scripts/bench_decode.py [--threads 1 2] [--steps 20] [--models whisper_tiny las]

* whisper_tiny decode_step: B=1, S=1500 encoder frames (30 s), position 10,
  4 decoder layers with 448-entry self-attention caches.
* las decode_step: B=1, S=375 encoder frames (30 s after the 4x pyramid).

Implementations:
* asrc hoisted (the default pipeline): `decode_step_prepare` once per
  utterance (its time is printed apart), then each step;
* asrc --no-hoist: every step does the per-utterance work again (the
  cross-attention key/value projections of the encoder output; W_k h);
* PyTorch: the reference model's decode_step (test/e2e/reference_models.py),
  which, like --no-hoist, projects the encoder output in every step.

Each (implementation, threads) case runs in its own process; medians of
--steps steps after 3 warm-up steps. The outputs of the three are compared.
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
from bench_common import compile_model, machine, random_weights, run_child, thread_env  # noqa: E402

SHAPES = {"whisper_tiny": "S=1500", "las": "S=375"}


def step_inputs(model, np):
    """The spec-order inputs of decode_step (B=1, 30 s of audio)."""
    rng = np.random.default_rng(0)
    if model == "whisper_tiny":
        caches = [(0.5 * rng.standard_normal((1, 448, 384))).astype(np.float32)
                  for _ in range(8)]
        return [np.array([[50258]], np.int32), np.array([10], np.int32),
                rng.standard_normal((1, 1500, 384)).astype(np.float32)] + caches
    s = 375
    p = rng.random((1, s))
    return [np.array([3], np.int32)] + \
        [(0.5 * rng.standard_normal((1, 256))).astype(np.float32) for _ in range(3)] + \
        [(p / p.sum()).astype(np.float32),
         (0.5 * rng.standard_normal((1, s, 256))).astype(np.float32),
         np.array([s], np.int32)]


def child(args):
    """Times one implementation in this process; prints a JSON line."""
    import numpy as np
    inputs = step_inputs(args.model, np)
    prepare_ms = None
    if args.impl == "torch":
        import torch
        import reference_models
        torch.set_num_threads(args.threads)
        ref = reference_models.build(args.model, args.weights)
        targs = [torch.from_numpy(a) for a in inputs]

        def run():
            with torch.inference_mode():
                return ref.decode_step(*targs)[0].numpy()
    else:
        import asrc_ctypes
        lib = asrc_ctypes.Library(os.path.join(args.libdir, "lib%s.so" % args.model))
        model = lib.create(args.weights, threads=args.threads)
        spec = json.load(open(os.path.join(ROOT, "examples", args.model, args.model + ".json")))
        names = [i["name"] for ep in spec["entry_points"] if ep["name"] == "decode_step"
                 for i in ep["inputs"]]
        named = dict(zip(names, inputs))
        _, prepared = model.call_prepared("decode_step", named)
        if prepared is not None:
            prep_times = []
            for _ in range(5):
                t0 = time.perf_counter()
                model.call_prepared("decode_step_prepare", named)
                prep_times.append((time.perf_counter() - t0) * 1000)
            prepare_ms = statistics.median(prep_times)

        def run():
            outs, _ = model.call_prepared("decode_step", named, prepared)
            return next(iter(outs.values()))
    for _ in range(3):
        out = run()
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        out = run()
        times.append((time.perf_counter() - t0) * 1000)
    np.save(args.save, out)
    print(json.dumps({"median_ms": statistics.median(times), "prepare_ms": prepare_ms}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--models", nargs="+", default=["whisper_tiny", "las"], choices=list(SHAPES))
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench"))
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--child", choices=["asrc", "torch"])
    p.add_argument("--model")
    p.add_argument("--weights")
    p.add_argument("--libdir")
    p.add_argument("--save")
    args = p.parse_args()
    if args.child:
        args.impl = args.child
        args.threads = args.threads[0]
        return child(args)

    import numpy as np
    os.makedirs(args.workdir, exist_ok=True)
    print("decode_step, B=1, 30 s of audio; median of %d steps after 3 warm-up" % args.steps)
    print("machine: %s\n" % machine())
    print("%-13s %-7s %7s %12s %12s %12s %12s %9s %10s" % (
        "model", "shape", "threads", "prepare ms", "hoisted ms", "no-hoist ms", "torch ms",
        "speedup", "max |diff|"))
    for model in args.models:
        spec = os.path.join(ROOT, "examples", model, model + ".json")
        weights = random_weights(spec, os.path.join(args.workdir, model + ".safetensors"))
        libdirs = {}
        for variant, extra in (("hoisted", []), ("nohoist", ["--no-hoist"])):
            libdirs[variant] = os.path.join(args.workdir, "%s_%s" % (model, variant))
            compile_model(args.asrc, spec, weights, libdirs[variant], extra)
        for n in args.threads:
            res, outs = {}, {}
            for impl in ("hoisted", "nohoist", "torch"):
                outs[impl] = os.path.join(args.workdir, "step_%s_%s_%d.npy" % (model, impl, n))
                cmd = [sys.executable, __file__, "--child",
                       "torch" if impl == "torch" else "asrc", "--model", model,
                       "--threads", str(n), "--steps", str(args.steps), "--weights", weights,
                       "--libdir", libdirs.get(impl, ""), "--save", outs[impl]]
                res[impl] = run_child(cmd, thread_env(n), "%s %s at %d threads" % (model, impl, n))
            ref = np.load(outs["torch"])
            diff = max(float(np.max(np.abs(np.load(outs[i]) - ref))) for i in ("hoisted", "nohoist"))
            h, nh, t = (res[i]["median_ms"] for i in ("hoisted", "nohoist", "torch"))
            prep = res["hoisted"]["prepare_ms"]
            print("%-13s %-7s %7d %12s %12.3f %12.3f %12.3f %8.2fx %10.2e" % (
                model, SHAPES[model], n, "%.3f" % prep if prep is not None else "-", h, nh, t,
                nh / h, diff))
    print("\nspeedup = --no-hoist step time / hoisted step time; prepare runs once per utterance")


if __name__ == "__main__":
    main()
