#!/usr/bin/python3
"""Runs one entry point of a compiled model on random inputs and prints each
output's shape, a checksum and the time: the README's main job.

    /usr/bin/python3 scripts/run_model.py OUTDIR/libMODEL.so WEIGHTS ENTRY --dims B=1,T=3000 [--runs 3] [--threads 0]

Integer inputs named *length* get the full time length; other integer inputs
get zeros. Symbolic dims of the spec (B, T, ...) take values from --dims.
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tools", "python"))
import asrc_ctypes  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("library")
    p.add_argument("weights")
    p.add_argument("entry")
    p.add_argument("--dims", default="", help="symbol values, e.g. B=1,T=3000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args()
    dims = dict((k, int(v)) for k, v in (kv.split("=") for kv in args.dims.split(",") if kv))

    lib = asrc_ctypes.Library(args.library)
    t0 = time.perf_counter()
    model = lib.create(args.weights, threads=args.threads)
    load_ms = (time.perf_counter() - t0) * 1000
    sig = model.signature(args.entry)
    rng = np.random.default_rng(0)
    inputs = []
    for inp in sig.inputs:
        shape = []
        for d in inp.dims:
            if isinstance(d, int):
                shape.append(d)
            elif d in dims:
                shape.append(dims[d])
            else:
                sys.exit("run_model: give a value for dim %r of input %r with --dims" % (d, inp.name))
        if inp.dtype in ("f32", asrc_ctypes.F32):
            inputs.append(rng.standard_normal(shape).astype(np.float32))
        else:
            fill = dims.get("T", 1) if "length" in inp.name else 0
            inputs.append(np.full(shape, fill, dtype=np.int32))
    times = []
    for _ in range(args.runs + 1):
        t0 = time.perf_counter()
        outs = model.call(args.entry, *inputs)
        times.append((time.perf_counter() - t0) * 1000)
    print("%s.%s: load %.1f ms, first call %.1f ms, then median %.1f ms over %d runs"
          % (lib.name, args.entry, load_ms, times[0], float(np.median(times[1:])), args.runs))
    for name, a in outs.items():
        print("  %-12s %-8s %-18s checksum %.6e" % (name, a.dtype, list(a.shape), float(np.sum(a, dtype=np.float64))))


if __name__ == "__main__":
    main()
