#!/usr/bin/python3
"""Long-T memory test of the fused attention kernel.

    /usr/bin/python3 test/e2e/test_long_attention.py [--asrc build/bin/asrc] [--build-dir build]

Compiles the one-node attention spec (test/e2e/attention_spec.py, H=6, D=64)
with attention fused, then runs `attend` once in a child process on B=1,
Lq=T=30000 random inputs. Unfused, the scores alone would take
6 * 30000^2 * 4 bytes = 21.6 GB; the fused (online-softmax) kernel must never
hold them. Checks:

* the child's peak RSS (getrusage(RUSAGE_CHILDREN).ru_maxrss) is < 1 GiB
  (the inputs and the output are 4 x 46 MB);
* output rows 0, 12345 and 29999 (all heads) match a float64 numpy
  reference computed for just those rows (max abs error <= 1e-4).

Prints the RSS and the time, then 'N passed, N failed'; exits 1 on failure.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools/python"))

H, D = 6, 64
T = 30000
ROWS = [0, 12345, 29999]
SEED = 0
RSS_LIMIT = 1 << 30  # bytes
TOL = 1e-4


def make_inputs():
    import numpy as np
    rng = np.random.default_rng(SEED)
    q = rng.standard_normal((1, T, H * D), dtype=np.float32)
    k = rng.standard_normal((1, T, H * D), dtype=np.float32)
    v = rng.standard_normal((1, T, H * D), dtype=np.float32)
    return q, k, v, np.array([T], dtype=np.int32)


def child(args):
    """Runs attend once; writes the sampled rows and the time to args.save."""
    import numpy as np
    import asrc_ctypes
    q, k, v, lengths = make_inputs()
    lib = asrc_ctypes.Library(args.lib)
    out = np.empty((1, T, H * D), dtype=np.float32)
    with lib.create(args.weights, threads=0) as model:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        t0 = time.perf_counter()
        model.call("attend", q, k, v, lengths, out={"out": out})
        seconds = time.perf_counter() - t0
    np.save(args.save, out[0, ROWS, :])
    with open(args.save + ".json", "w") as f:
        json.dump({"seconds": seconds, "rss_before_call": before,
                   "rss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, f)


def reference_rows(q, k, v):
    """float64 attention output for q rows ROWS: [len(ROWS), H*D]."""
    import numpy as np
    res = np.empty((len(ROWS), H * D))
    for h in range(H):
        sl = slice(h * D, (h + 1) * D)
        qh = q[0, ROWS, sl].astype(np.float64)          # [R, D]
        kh = k[0, :, sl].astype(np.float64)             # [T, D]
        vh = v[0, :, sl].astype(np.float64)
        s = qh @ kh.T / np.sqrt(D)                      # [R, T]
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        res[:, sl] = p @ vh
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--lib", help=argparse.SUPPRESS)
    ap.add_argument("--weights", help=argparse.SUPPRESS)
    ap.add_argument("--save", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    import attention_spec
    work = os.path.join(os.path.abspath(args.build_dir), "test", "e2e", "long_attention")
    shutil.rmtree(work, ignore_errors=True)
    spec, weights = attention_spec.write(work, H, D)
    name = attention_spec.spec_name(H, D)
    libdir = os.path.join(work, "fused")
    passed = failed = 0

    def report(ok, what):
        nonlocal passed, failed
        print("%s: %s" % ("PASS" if ok else "FAIL", what))
        if ok:
            passed += 1
        else:
            failed += 1

    t0 = time.perf_counter()
    res = subprocess.run([args.asrc, spec, "--weights", weights, "-o", libdir, "--quiet"],
                         capture_output=True, text=True)
    report(res.returncode == 0, "compile %s (fused) in %.1f s%s"
           % (name, time.perf_counter() - t0, "" if res.returncode == 0 else "\n" + res.stderr))
    if res.returncode == 0:
        save = os.path.join(work, "rows.npy")
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, os.path.abspath(__file__), "--child",
                              "--lib", os.path.join(libdir, "lib%s.so" % name),
                              "--weights", weights, "--save", save],
                             capture_output=True, text=True)
        wall = time.perf_counter() - t0
        # ru_maxrss is in KiB on Linux. RUSAGE_CHILDREN gives the largest
        # peak of the children waited for: asrc (~140 MiB) and the runner.
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        if res.returncode != 0:
            report(False, "run attend on B=1, Lq=T=%d (exit %d):\n%s%s"
                   % (T, res.returncode, res.stdout, res.stderr))
        else:
            with open(save + ".json") as f:
                info = json.load(f)
            seconds = info["seconds"]
            flop = 4.0 * H * T * T * D
            print("attend B=1 H=%d D=%d Lq=T=%d: %.2f s in the call (%.0f GFLOP/s), child %.2f s wall"
                  % (H, D, T, seconds, flop / seconds / 1e9, wall))
            print("peak RSS: children %.1f MiB; runner %.1f MiB, of which %.1f MiB before the call "
                  "(python, numpy, inputs)"
                  % (rss / 2**20, info["rss_self"] / 2**20, info["rss_before_call"] / 2**20))
            report(rss < RSS_LIMIT, "peak RSS %.1f MiB < %.0f MiB (unfused scores alone: %.1f GB)"
                   % (rss / 2**20, RSS_LIMIT / 2**20, H * T * T * 4 / 1e9))
            import numpy as np
            got = np.load(save)
            q, k, v, _ = make_inputs()
            ref = reference_rows(q, k, v)
            for i, r in enumerate(ROWS):
                err = float(np.max(np.abs(got[i] - ref[i])))
                report(err <= TOL and np.all(np.isfinite(got[i])),
                       "row %d, all %d heads: max abs error %.2e (<= %.0e)" % (r, H, err, TOL))
    if not args.keep and failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
