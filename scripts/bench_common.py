"""Shared by the benchmark scripts: each measured case runs in its own
process so that thread settings take effect from the start."""
import json
import os
import subprocess
import sys
import time


def thread_env(threads, tuned=False):
    """The environment for one case: `threads` for Halide, OpenMP, OpenBLAS
    and MKL; `tuned` adds the PyTorch settings of ../shared/BASELINES.md
    (glibc huge pages; OMP_WAIT_POLICY=PASSIVE at more than one thread)."""
    env = dict(os.environ)
    n = str(threads)
    env.update(HL_NUM_THREADS=n, OMP_NUM_THREADS=n, OPENBLAS_NUM_THREADS=n, MKL_NUM_THREADS=n)
    if tuned:
        env["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1"
        if threads > 1:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
    return env


def run_child(cmd, env, what):
    """Runs a child benchmark; returns the JSON object on its last line."""
    res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("bench: %s failed:\n%s" % (what, res.stderr))
    return json.loads(res.stdout.strip().splitlines()[-1])


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def machine():
    """'<CPU model>, <n> cores', for the benchmark headers."""
    cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | sed 's/.*: *//'"],
                         capture_output=True, text=True).stdout.strip()
    return "%s, %d cores" % (cpu, os.cpu_count())


def random_weights(spec, path):
    """Random weights for `spec` at `path` (scripts/gen_weights.py, seed 0),
    unless the file exists; returns path."""
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/gen_weights.py"), spec,
                        "-o", path, "--seed", "0"], check=True)
    return path


def compile_model(asrc, spec, weights, outdir, extra=()):
    """asrc SPEC --weights W -o OUTDIR --quiet [extra]; returns the seconds it took."""
    t0 = time.perf_counter()
    subprocess.run([asrc, spec, "--weights", weights, "-o", outdir, "--quiet"] + list(extra),
                   check=True)
    return time.perf_counter() - t0
