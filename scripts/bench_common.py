"""Shared by the benchmark scripts: each measured case runs in its own
process so that thread settings take effect from the start."""
import json
import os
import subprocess
import sys


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
