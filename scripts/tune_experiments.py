#!/usr/bin/python3
"""Regenerates docs/experiments: asr-tune against the default schedules,
Halide's autoschedulers and PyTorch 1.13, at 1 and 2 threads.

    /usr/bin/python3 scripts/tune_experiments.py [--budget 90] [--encoder-budget 180]
        [--threads 1,2] [--out docs/experiments] [--quick]

Run it on an idle machine (about 40 minutes with the defaults, most of it
tuning and waiting for autoschedulers, which get --autoschedule-timeout
seconds per kernel; --quick: about 10 minutes, numbers not for publishing). Per thread count N:

1. Kernels, each tuned for --budget seconds by `asr-tune --op ... --threads N`
   into OUT/tuning-Nt.json (a fresh database):
     attention_h6_t1500_d64         fused attention, 6 heads, T 1500, head dim 64
     attention_decode_h6_t1500_d64  its decoder step: 1 query, 1500 keys
     matmul_1500x384x1536           [1500, 384] x Linear weight [1536, 384]^T
   The same kernels under each Halide autoscheduler (`asr-tune --autoschedule
   all`), checked against the default schedule's output.
2. The Whisper-tiny-shaped encoder: its tunable kernels are tuned by
   `asr-tune whisper_tiny.json --only ...` with --encoder-budget seconds in
   all, resuming the attention and matmul entries of step 1 (the same keys);
   then the model is compiled with the default schedules, with
   --tuning-db OUT/tuning-Nt.json, and with --autoschedule=NAME for each
   autoscheduler, and `encode` on 30 s (3000 mel frames) is timed in a fresh
   process (HL_NUM_THREADS=N; scripts/bench_encoder.py's child: median of 5
   after 2 warm-up calls).
3. PyTorch (scripts/tune_torch_baselines.py): as installed and tuned.

Outputs in OUT: results.csv (kernel,impl,threads,time_ms,gflops), trace.csv
(best-so-far per kernel against tuning time), encoder-trace.csv,
tuning-Nt.json, results.md (the tables of README.md), plots/<kernel>.svg,
machine.txt (lscpu model name and flags), and log.txt (every command's
output).
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from bench_common import compile_model, machine, random_weights, run_child, thread_env  # noqa: E402

BIN = os.path.join(ROOT, "build/bin")
SPEC = os.path.join(ROOT, "examples/whisper_tiny/whisper_tiny.json")
AUTOSCHEDULERS = ["Mullapudi2016", "Li2018", "Adams2019"]
KERNELS = [
    ("attention_h6_t1500_d64", ["--op", "fused_attention", "--shape", "B=1,H=6,Lq=1500,Lk=1500,D=64"]),
    ("attention_decode_h6_t1500_d64", ["--op", "fused_attention", "--shape", "B=1,H=6,Lq=1,Lk=1500,D=64"]),
    ("matmul_1500x384x1536", ["--op", "matmul", "--shape", "B=1,M=1500,K=384,N=1536"]),
]
# The tunable kernels of whisper_tiny's `encode` (asr-tune --list names them;
# kernels are numbered in order of first use, and encode comes first). The
# decoder-step variants (M <= 4) of its matmuls are left out: encode at
# T = 1500 never calls them. Checked against --list before tuning.
ENCODER_KERNELS = {
    "asrk_whisper_tiny_0_conv1d": "Conv1D(f32[?x?x80]",
    "asrk_whisper_tiny_2_conv1d": "Conv1D(f32[?x?x384]",
    "asrk_whisper_tiny_4_layer_norm": "LayerNorm(f32[?x?x384]",
    "asrk_whisper_tiny_5_matmul": "Matmul(f32[?x?x384],f32[384x384])",
    "asrk_whisper_tiny_10_fused_attention": "FusedAttention:dot(f32[?x6x?x64]",
    "asrk_whisper_tiny_15_matmul": "Matmul(f32[?x?x384],f32[1536x384])",
    "asrk_whisper_tiny_19_matmul": "Matmul(f32[?x?x1536],f32[384x1536])",
}
ENCODER = "encoder_whisper_tiny_30s"


class Log:
    def __init__(self, path):
        self.f = open(path, "a")

    def run(self, cmd, env=None, check=True, timeout=None):
        """Runs cmd, appending its output to the log; returns stdout, or None
        when it ran past `timeout` seconds (killed)."""
        self.f.write("\n$ %s\n" % " ".join(cmd))
        self.f.flush()
        print("  $ " + " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd),
              flush=True)
        try:
            res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.f.write("(killed after %g s)\n" % timeout)
            return None
        self.f.write(res.stdout + res.stderr)
        self.f.flush()
        if check and res.returncode != 0:
            sys.exit("tune_experiments: command failed (see %s):\n%s" % (self.f.name, res.stderr[-2000:]))
        return res.stdout


def encoder_kernels(log):
    listing = log.run([os.path.join(BIN, "asr-tune"), SPEC, "--list"])
    lines = listing.splitlines()
    for name, key in ENCODER_KERNELS.items():
        at = [i for i, l in enumerate(lines) if l.split() and l.split()[0] == name]
        if not at or key not in lines[at[0] + 1]:
            sys.exit("tune_experiments: %s is not the expected %s kernel any more; update "
                     "ENCODER_KERNELS from `asr-tune %s --list`" % (name, key, SPEC))
    return ",".join(ENCODER_KERNELS)


def time_encoder(log, libdir, weights, threads, runs):
    """Median ms of encode on 3000 frames, in a fresh process."""
    cmd = [sys.executable, os.path.join(ROOT, "scripts/bench_encoder.py"), "--child", "asrc",
           "--threads", str(threads), "--runs", str(runs), "--frames", "3000", "--weights", weights,
           "--libdir", libdir, "--save", os.path.join(libdir, "out.npy")]
    log.f.write("\n$ %s\n" % " ".join(cmd))
    return run_child(cmd, thread_env(threads), "encode (%s)" % libdir)["median_ms"]


def append_rows(path, rows):
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["kernel", "impl", "threads", "time_ms", "gflops"])
        w.writerows(rows)


def read_rows(path, skip_impls=()):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [r for r in csv.DictReader(f) if r["impl"] not in skip_impls]


def note(out, text):
    """A line for results.md (e.g. an autoscheduler that did not finish)."""
    print("  note: " + text, flush=True)
    with open(os.path.join(out, "notes.txt"), "a") as f:
        f.write(text + "\n")


def write_tables(out, threads_list):
    rows = read_rows(os.path.join(out, "results.csv"))
    best = {}
    for r in rows:  # the last row of a (kernel, impl, threads) wins
        best[(r["kernel"], r["impl"], int(r["threads"]))] = r
    impls = ["default", "tuned"] + AUTOSCHEDULERS + ["pytorch", "pytorch-tuned"]
    kernels = [k for k, _ in KERNELS] + [ENCODER]
    lines = []
    for n in threads_list:
        lines.append("#### %d thread%s\n" % (n, "" if n == 1 else "s"))
        lines.append("| kernel | " + " | ".join(impls) + " | tuned / default |")
        lines.append("|---|" + "---|" * (len(impls) + 1))
        gains = []
        for k in kernels:
            cells = []
            for impl in impls:
                r = best.get((k, impl, n))
                if r is None:
                    cells.append("n/a")
                elif r["gflops"]:
                    cells.append("%.3f ms (%.1f)" % (float(r["time_ms"]), float(r["gflops"])))
                else:
                    cells.append("%.1f ms" % float(r["time_ms"]))
            d, t = best.get((k, "default", n)), best.get((k, "tuned", n))
            gain = float(d["time_ms"]) / float(t["time_ms"]) if d and t else None
            if gain:
                gains.append(gain)
            lines.append("| %s | %s | %s |" % (k, " | ".join(cells),
                                              "%.2fx" % gain if gain else "n/a"))
        if gains:
            lines.append("\nMean speedup of tuned over default over these %d rows: %.2fx "
                         "(arithmetic), %.2fx (geometric).\n" % (
                             len(gains), sum(gains) / len(gains),
                             math.exp(sum(math.log(g) for g in gains) / len(gains))))
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("Times are medians; GFLOP/s in parentheses; n/a: not measured or the "
                "autoscheduler could not schedule it (log.txt says why).\n\n")
        f.write("\n".join(lines) + "\n")
        if os.path.exists(os.path.join(out, "notes.txt")):
            f.write("\nNotes:\n\n")
            with open(os.path.join(out, "notes.txt")) as n:
                f.writelines("- " + l for l in n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budget", type=float, default=90, help="seconds per kernel of step 1")
    p.add_argument("--encoder-budget", type=float, default=180, help="seconds for the encoder's kernels")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--table-threads", help="thread counts of results.md (default: --threads)")
    p.add_argument("--out", default=os.path.join(ROOT, "docs/experiments"))
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/experiments"))
    p.add_argument("--runs", type=int, default=5, help="timed encode calls per encoder case")
    p.add_argument("--autoschedule-timeout", type=float, default=120,
                   help="seconds an autoscheduler may take on one kernel (twice that for the encoder)")
    p.add_argument("--quick", action="store_true", help="10 s budgets, for checking the script")
    p.add_argument("--tables-only", action="store_true", help="only rewrite results.md from results.csv")
    p.add_argument("--keep", action="store_true",
                   help="append to the outputs of an earlier run (e.g. to redo one thread count)")
    args = p.parse_args()
    threads_list = [int(t) for t in args.threads.split(",")]
    table_threads = [int(t) for t in (args.table_threads or args.threads).split(",")]
    if args.quick:
        args.budget, args.encoder_budget, args.runs = 10, 20, 3
        args.autoschedule_timeout = 30
    os.makedirs(args.out, exist_ok=True)
    if args.tables_only:
        return write_tables(args.out, table_threads)
    os.makedirs(args.workdir, exist_ok=True)
    for f in ["results.csv", "trace.csv", "encoder-trace.csv", "log.txt", "notes.txt"]:
        if os.path.exists(os.path.join(args.out, f)) and not args.keep:
            os.remove(os.path.join(args.out, f))
    log = Log(os.path.join(args.out, "log.txt"))
    with open(os.path.join(args.out, "machine.txt"), "w") as f:
        f.write(subprocess.run(["sh", "-c", "lscpu | grep -E 'Model name|^CPU\\(s\\)|Flags'"],
                               capture_output=True, text=True).stdout)
    print("machine: %s" % machine())
    results = os.path.join(args.out, "results.csv")
    weights = random_weights(SPEC, os.path.join(args.workdir, "whisper_tiny.safetensors"))
    only = encoder_kernels(log)
    tune = os.path.join(BIN, "asr-tune")
    t_start = time.time()
    for n in threads_list:
        db = os.path.join(args.out, "tuning-%dt.json" % n)
        if os.path.exists(db):
            os.remove(db)
        print("== %d thread%s" % (n, "" if n == 1 else "s"), flush=True)
        for name, op in KERNELS:
            log.run([tune] + op + ["--name", name, "--db", db, "--budget", "%gs" % args.budget,
                                   "--threads", str(n), "--trace", os.path.join(args.out, "trace.csv"),
                                   "--csv", results, "--no-progress"])
            auto_csv = os.path.join(args.workdir, "autoschedule.csv")
            if os.path.exists(auto_csv):
                os.remove(auto_csv)
            for a in AUTOSCHEDULERS:  # one process each: some never finish
                if log.run([tune] + op + ["--name", name, "--autoschedule", a, "--threads", str(n),
                                          "--csv", auto_csv], timeout=args.autoschedule_timeout) is None:
                    note(args.out, "%s on %s at %d thread%s: no schedule within %g s (killed)"
                         % (a, name, n, "" if n == 1 else "s", args.autoschedule_timeout))
            append_rows(results, [[r[c] for c in ["kernel", "impl", "threads", "time_ms", "gflops"]]
                                  for r in read_rows(auto_csv, skip_impls=("default",))])
        # The encoder: tune its kernels, then compile and time each variant.
        log.run([tune, SPEC, "--weights", weights, "--only", only, "--db", db,
                 "--budget", "%gs" % args.encoder_budget, "--threads", str(n),
                 "--trace", os.path.join(args.out, "encoder-trace.csv"), "--no-progress"])
        variants = [("default", []), ("tuned", ["--tuning-db", db])]
        variants += [(a, ["--autoschedule=" + a]) for a in AUTOSCHEDULERS]
        rows = []
        for impl, extra in variants:
            libdir = os.path.join(args.workdir, "whisper_%s_%dt" % (impl, n))
            env = thread_env(n)
            if log.run([os.path.join(BIN, "asrc"), SPEC, "--weights", weights, "-o", libdir] + extra,
                       env=env, timeout=args.autoschedule_timeout * 2) is None:
                note(args.out, "encoder with %s at %d thread%s: asrc did not finish within %g s "
                     "(killed)" % (impl, n, "" if n == 1 else "s", args.autoschedule_timeout * 2))
                continue
            ms = time_encoder(log, libdir, weights, n, args.runs)
            print("  encoder %-14s %8.1f ms" % (impl, ms), flush=True)
            rows.append([ENCODER, impl, n, "%.4f" % ms, ""])
        append_rows(results, rows)
    log.run([sys.executable, os.path.join(ROOT, "scripts/tune_torch_baselines.py"), "--out", results,
             "--threads", args.threads] + (["--quick"] if args.quick else []))
    log.run([sys.executable, os.path.join(ROOT, "scripts/plot_tuning.py"),
             os.path.join(args.out, "trace.csv"), "--out-dir", os.path.join(args.out, "plots"),
             "--baselines", results])
    write_tables(args.out, table_threads)
    print("done in %.1f min: %s" % ((time.time() - t_start) / 60, os.path.relpath(args.out, ROOT)))


if __name__ == "__main__":
    main()
