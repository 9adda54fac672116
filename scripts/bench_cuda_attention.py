#!/usr/bin/python3
"""Benchmark on an NVIDIA GPU: multi-head scaled dot-product attention compiled
by asrc --target=cuda (the fused FlashAttention-style kernel and the unfused
score/softmax/weighted-sum kernels) against PyTorch on the same GPU, on the
same inputs. The GPU counterpart of scripts/bench_attention.py.

    /usr/bin/python3 scripts/bench_cuda_attention.py [--asrc build/bin/asrc]
        [--out docs/experiments/cuda-attention.md] [--runs 20] [--quick]
        [--shapes "H6 T1500" "decode H6 T1500" ...] [--allow-no-gpu]

The model is the one-node spec of test/e2e/attention_spec.py
(attend(q [B, Lq, H*D], k [B, T, H*D], v [B, T, H*D], key_lengths [B]) ->
sdpa; Lq a symbol), B=1, D=64, fp32, key_lengths = T (no padding). Shapes:
H in {6, 8, 16} x T (= Lq = Lk) in {1500, 4096, 8192, 16384}, and two decode
steps (Lq=1, H=6, T 1500 and 16384). --quick: H6 T1500 and the decode step
H6 T1500. FLOPs are 4*H*Lq*T*D (the two GEMMs); TFLOP/s = FLOPs / time.

Implementations, each timed by time.perf_counter: the median of --runs calls
after 3 warm-up calls.

* asrc fused / asrc unfused: lib<model>.so compiled with --target=cuda, with
  and without --no-fuse-attention, created with device "cuda". Each call
  includes the host->device copies of q, k, v (and key_lengths) and the
  device->host copy of the output, because the C API takes and returns host
  tensors (and the Python ctypes binding's overhead, tens of microseconds:
  it matters for the decode steps only).
* copies (driver): what those copies alone take: the CUDA driver API, as the
  asrc runtime does it (cuMemcpyHtoDAsync of q, k, v, key_lengths from the
  numpy arrays, cuMemcpyDtoHAsync of an output-sized buffer, on a
  non-blocking stream, then cuStreamSynchronize). No PyTorch needed.
* copies (torch): numpy -> torch.cuda tensors (q, k, v, key_lengths) and an
  output-sized torch.cuda tensor -> numpy. Only with PyTorch with CUDA.
* PyTorch (GPU-resident): torch.nn.functional.scaled_dot_product_attention
  (PyTorch >= 2.0; PyTorch picks its fp32 backend) or, before 2.0, the manual
  q@k^T*scale -> softmax -> @v; heads split by view/transpose and merged back
  to [1, Lq, H*D]; inputs already on the GPU: excludes every copy. Timed with
  torch.cuda.synchronize() before and after. TF32 is switched off (asrc
  computes in fp32).
* PyTorch + copies: the same from the numpy arrays to a numpy result (the
  copies included, like asrc's calls): the like-for-like comparison.

Every output is checked against a float64 numpy reference on up to 32
sampled query rows (max |diff|). A shape that runs out of device memory
(ASRC_OUT_OF_MEMORY, a CUDA out-of-memory error, a torch OOM) is skipped for
that implementation with a note; other errors are recorded too, and the run
goes on.

Writes --out (a Markdown table: ms and TFLOP/s per implementation, the GPU
name as asrc reports it, driver and nvcc versions, the command line) and the
raw numbers as JSON next to it (same name, .json).

Without a usable NVIDIA GPU (model creation fails) it prints "no usable NVIDIA
GPU: <the runtime's message>" and exits 77, writing nothing; with
--allow-no-gpu it writes a results file that says so and exits 0. If asrc
cannot compile the model, asrc's error is printed and the exit status is 1.

--emulate (for testing this script on a machine without a GPU): compiles
with --cuda-emulation and runs on asrc's CPU emulator of the CUDA driver
(build/test/cuda-emu/libasrc_cuda_emu.so); the timings mean nothing; use it
with small --shapes; the results go to the work directory unless --out is
given.
"""
import argparse
import ctypes
import datetime
import gc
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
sys.path.insert(0, os.path.join(ROOT, "tools/python"))
from bench_common import compile_model, machine  # noqa: E402

SKIP = 77
WARMUP = 3
D = 64
CHECK_ROWS = 32
TOLERANCE = 2e-3  # max |diff| vs the float64 reference; fp32 errors are ~1e-6

# (label, H, Lq, T)
SHAPES = [("H%d T%d" % (h, t), h, t, t) for h in (6, 8, 16) for t in (1500, 4096, 8192, 16384)]
SHAPES += [("decode H6 T1500", 6, 1, 1500), ("decode H6 T16384", 6, 1, 16384)]
QUICK = ["H6 T1500", "decode H6 T1500"]

ASRC_IMPLS = ["fused", "unfused"]
IMPLS = ["fused", "unfused", "copies-driver", "copies-torch", "torch", "torch-copies"]
TITLES = {"fused": "asrc fused", "unfused": "asrc unfused",
          "copies-driver": "copies (driver)", "copies-torch": "copies (torch)",
          "torch": "PyTorch (GPU-resident)", "torch-copies": "PyTorch + copies"}
NOTES = [
    "Every asrc call includes the host->device copies of q, k, v (and key_lengths) and the "
    "device->host copy of the output: the C API takes and returns host tensors. It also "
    "includes the Python ctypes binding's overhead (tens of microseconds; it matters for the "
    "decode steps only).",
    "`copies (driver)` is those copies alone, made as the asrc runtime makes them (CUDA driver "
    "API: cuMemcpyHtoDAsync from the numpy arrays, cuMemcpyDtoHAsync of an output-sized "
    "buffer, on a non-blocking stream, then cuStreamSynchronize); `copies (torch)` is the same "
    "with PyTorch (numpy -> torch.cuda tensors and back). Subtract one from an asrc time to "
    "estimate the kernels' time: `fused - copies` does that with the driver copies.",
    "`PyTorch (GPU-resident)` has its inputs on the GPU already and its output stays there: it "
    "excludes every copy. `PyTorch + copies` starts from the numpy arrays and ends with a numpy "
    "result, like asrc's calls: the like-for-like comparison.",
]


def flops(h, lq, t):
    return 4.0 * h * lq * t * D


class Skip(Exception):
    """An implementation cannot run a shape (out of memory, unavailable); `oom` says which."""

    def __init__(self, reason, oom=False):
        Exception.__init__(self, reason)
        self.oom = oom


# ----------------------------------------------------------------------------- inputs, check

def make_inputs(h, lq, t):
    import numpy as np
    rng = np.random.default_rng(0)
    q = rng.standard_normal((1, lq, h * D), dtype=np.float32)
    k = rng.standard_normal((1, t, h * D), dtype=np.float32)
    v = rng.standard_normal((1, t, h * D), dtype=np.float32)
    return q, k, v, np.array([t], dtype=np.int32)


def check_rows(lq):
    """The query rows compared with the reference: up to CHECK_ROWS, first and last included."""
    import numpy as np
    if lq <= CHECK_ROWS:
        return np.arange(lq)
    rng = np.random.default_rng(1)
    rows = set(rng.choice(lq, CHECK_ROWS - 2, replace=False).tolist()) | {0, lq - 1}
    return np.array(sorted(rows))


def reference(q, k, v, h, rows):
    """sdpa in float64 for the query rows `rows`: [len(rows), H*D]."""
    import numpy as np
    t = k.shape[1]
    qh = q[0, rows].astype(np.float64).reshape(len(rows), h, D).transpose(1, 0, 2)  # [H, R, D]
    kh = k[0].astype(np.float64).reshape(t, h, D).transpose(1, 2, 0)                # [H, D, T]
    vh = v[0].astype(np.float64).reshape(t, h, D).transpose(1, 0, 2)                # [H, T, D]
    s = np.matmul(qh, kh) / np.sqrt(D)
    s -= s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(axis=-1, keepdims=True)
    return np.matmul(p, vh).transpose(1, 0, 2).reshape(len(rows), h * D)


def max_diff(out, ref, rows):
    import numpy as np
    return float(np.max(np.abs(np.asarray(out)[0, rows].astype(np.float64) - ref)))


# ----------------------------------------------------------------------------- timing

def time_calls(fn, runs, sync=None):
    """Median (and min, max) wall time of `runs` calls of fn after WARMUP calls, in ms;
    `sync` (if any) runs before and after each timed call, inside the timing after it."""
    for _ in range(WARMUP):
        fn()
    if sync:
        sync()
    times = []
    for _ in range(runs):
        if sync:
            sync()
        t0 = time.perf_counter()
        fn()
        if sync:
            sync()
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times),
            "runs": runs, "times_ms": [round(x, 6) for x in times]}


# ----------------------------------------------------------------------------- CUDA driver

class CudaDriver:
    """The CUDA driver API through ctypes, for the copy baseline and the driver version:
    the same library the asrc runtime loads (libcuda.so.1, or $ASRC_CUDA_DRIVER)."""

    NON_BLOCKING = 1
    OUT_OF_MEMORY = 2  # CUDA_ERROR_OUT_OF_MEMORY

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        c = ctypes
        sig = {"cuInit": [c.c_uint],
               "cuDeviceGet": [c.POINTER(c.c_int), c.c_int],
               "cuDevicePrimaryCtxRetain": [c.POINTER(c.c_void_p), c.c_int],
               "cuDevicePrimaryCtxRelease_v2": [c.c_int],
               "cuCtxPushCurrent_v2": [c.c_void_p],
               "cuCtxPopCurrent_v2": [c.POINTER(c.c_void_p)],
               "cuMemAlloc_v2": [c.POINTER(c.c_uint64), c.c_size_t],
               "cuMemFree_v2": [c.c_uint64],
               "cuStreamCreate": [c.POINTER(c.c_void_p), c.c_uint],
               "cuStreamDestroy_v2": [c.c_void_p],
               "cuStreamSynchronize": [c.c_void_p],
               "cuMemcpyHtoDAsync_v2": [c.c_uint64, c.c_void_p, c.c_size_t, c.c_void_p],
               "cuMemcpyDtoHAsync_v2": [c.c_void_p, c.c_uint64, c.c_size_t, c.c_void_p],
               "cuGetErrorName": [c.c_int, c.POINTER(c.c_char_p)]}
        self.fn = {}
        for name, args in sig.items():
            f = getattr(self.lib, name)
            f.restype = c.c_int
            f.argtypes = args
            self.fn[name] = f
        self.context = None
        self.check(self.fn["cuInit"](0), "cuInit")

    def error_name(self, r):
        name = ctypes.c_char_p()
        if self.fn["cuGetErrorName"](r, ctypes.byref(name)) == 0 and name.value:
            return name.value.decode()
        return "CUresult %d" % r

    def check(self, r, what):
        if r != 0:
            msg = "%s failed: %s" % (what, self.error_name(r))
            if r == self.OUT_OF_MEMORY:
                raise Skip("device out of memory (%s)" % msg, oom=True)
            raise RuntimeError(msg)

    def version(self):
        """'12.4' from cuDriverGetVersion, or None."""
        f = getattr(self.lib, "cuDriverGetVersion", None)
        if f is None:
            return None
        v = ctypes.c_int(0)
        if f(ctypes.byref(v)) != 0 or not v.value:
            return None
        return "%d.%d" % (v.value // 1000, (v.value % 1000) // 10)

    def open(self, ordinal=0):
        """Retains the primary context of GPU `ordinal` (the one asrc uses)."""
        if self.context is None:
            dev = ctypes.c_int(0)
            self.check(self.fn["cuDeviceGet"](ctypes.byref(dev), ordinal), "cuDeviceGet")
            ctx = ctypes.c_void_p()
            self.check(self.fn["cuDevicePrimaryCtxRetain"](ctypes.byref(ctx), dev),
                       "cuDevicePrimaryCtxRetain")
            self.device, self.context = dev, ctx

    def close(self):
        if self.context is not None:
            self.fn["cuDevicePrimaryCtxRelease_v2"](self.device)
            self.context = None


class DriverCopies:
    """Device buffers for one shape; run() makes the copies an asrc call makes."""

    def __init__(self, drv, inputs, out):
        self.drv, self.inputs, self.out = drv, inputs, out
        self.ptrs, self.stream = [], None
        f = drv.fn
        with self._current():
            try:
                for a in list(inputs) + [out]:
                    p = ctypes.c_uint64(0)
                    drv.check(f["cuMemAlloc_v2"](ctypes.byref(p), max(1, a.nbytes)),
                              "cuMemAlloc (%d bytes)" % a.nbytes)
                    self.ptrs.append(p.value)
                s = ctypes.c_void_p()
                drv.check(f["cuStreamCreate"](ctypes.byref(s), drv.NON_BLOCKING), "cuStreamCreate")
                self.stream = s
            except BaseException:
                self._free()
                raise

    class _Scope:
        def __init__(self, drv):
            self.drv = drv

        def __enter__(self):
            self.drv.check(self.drv.fn["cuCtxPushCurrent_v2"](self.drv.context), "cuCtxPushCurrent")

        def __exit__(self, *exc):
            popped = ctypes.c_void_p()
            self.drv.fn["cuCtxPopCurrent_v2"](ctypes.byref(popped))

    def _current(self):
        return self._Scope(self.drv)

    def run(self):
        f, s = self.drv.fn, self.stream
        with self._current():
            for p, a in zip(self.ptrs, self.inputs):
                self.drv.check(f["cuMemcpyHtoDAsync_v2"](p, a.ctypes.data, a.nbytes, s),
                               "cuMemcpyHtoDAsync")
            self.drv.check(f["cuMemcpyDtoHAsync_v2"](self.out.ctypes.data, self.ptrs[-1],
                                                     self.out.nbytes, s), "cuMemcpyDtoHAsync")
            self.drv.check(f["cuStreamSynchronize"](s), "cuStreamSynchronize")

    def _free(self):
        f = self.drv.fn
        if self.stream is not None:
            f["cuStreamDestroy_v2"](self.stream)
            self.stream = None
        for p in self.ptrs:
            f["cuMemFree_v2"](p)
        self.ptrs = []

    def close(self):
        with self._current():
            self._free()


# ----------------------------------------------------------------------------- PyTorch

def load_torch():
    """(torch or None, a description of the PyTorch baseline)."""
    try:
        import torch
    except ImportError as e:
        return None, "unavailable (PyTorch not installed: %s)" % e
    if not torch.cuda.is_available():
        if torch.version.cuda:
            return None, ("unavailable (PyTorch %s built with CUDA %s, but torch.cuda.is_available() "
                          "is False)" % (torch.__version__, torch.version.cuda))
        return None, "unavailable (PyTorch %s without CUDA)" % torch.__version__
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    sdpa = getattr(torch.nn.functional, "scaled_dot_product_attention", None)
    how = ("torch.nn.functional.scaled_dot_product_attention" if sdpa else
           "manual q@k^T*scale -> softmax -> @v (no scaled_dot_product_attention before 2.0)")
    return torch, "PyTorch %s (CUDA %s) on %s: %s, fp32, TF32 off" % (
        torch.__version__, torch.version.cuda, torch.cuda.get_device_name(0), how)


def torch_oom(torch, e):
    oom = getattr(torch.cuda, "OutOfMemoryError", None)
    return (oom is not None and isinstance(e, oom)) or "out of memory" in str(e)


def torch_attention(torch, h, lq, t):
    """f(q, k, v on the GPU as [1, L, H*D]) -> [1, Lq, H*D] on the GPU."""
    sdpa = getattr(torch.nn.functional, "scaled_dot_product_attention", None)
    scale = 1.0 / (D ** 0.5)

    def f(tq, tk, tv):
        with torch.inference_mode():
            qh = tq.view(1, lq, h, D).transpose(1, 2)
            kh = tk.view(1, t, h, D).transpose(1, 2)
            vh = tv.view(1, t, h, D).transpose(1, 2)
            if sdpa is not None:
                o = sdpa(qh, kh, vh)  # default scale 1/sqrt(D)
            else:
                s = torch.matmul(qh, kh.transpose(-1, -2)) * scale
                o = torch.matmul(torch.softmax(s, dim=-1), vh)
            return o.transpose(1, 2).reshape(1, lq, h * D)
    return f


def bench_torch(torch, impl, shape, arrays, runs, rows, ref):
    """Times one PyTorch case; returns its result dict (with max_abs_diff)."""
    _, h, lq, t = shape
    q, k, v, lengths = arrays
    dev = torch.device("cuda")
    attn = torch_attention(torch, h, lq, t)
    box = {}
    try:
        if impl == "copies-torch":
            od = torch.empty((1, lq, h * D), device=dev)

            def run():
                box["in"] = [torch.from_numpy(a).to(dev) for a in (q, k, v, lengths)]
                box["out"] = od.cpu().numpy()
        elif impl == "torch":
            tq, tk, tv = (torch.from_numpy(a).to(dev) for a in (q, k, v))

            def run():
                box["out"] = attn(tq, tk, tv)
        else:  # torch-copies
            def run():
                tq, tk, tv = (torch.from_numpy(a).to(dev) for a in (q, k, v))
                box["out"] = attn(tq, tk, tv).cpu().numpy()
        res = time_calls(run, runs, torch.cuda.synchronize)
        if impl != "copies-torch":
            out = box["out"]
            res["max_abs_diff"] = max_diff(out.cpu().numpy() if impl == "torch" else out, ref, rows)
        return res
    except Exception as e:  # noqa: BLE001 - torch raises RuntimeError subclasses
        if torch_oom(torch, e):
            raise Skip("device out of memory (PyTorch: %s)" % str(e).splitlines()[0], oom=True)
        raise
    finally:
        box.clear()
        try:
            torch.cuda.synchronize()
            torch.cuda.empty_cache()
        except Exception:  # noqa: BLE001 - after a CUDA error; the error above is what counts
            pass


# ----------------------------------------------------------------------------- asrc

def bench_asrc(asrc_ctypes, lib, weights, cuda_device, shape, arrays, runs, rows, ref):
    _, h, lq, t = shape
    q, k, v, lengths = arrays
    import numpy as np
    out_name = lib.entries["attend"].outputs[0].name
    out = np.full_like(q, np.nan)
    try:
        model = lib.create(weights, device="cuda", cuda_device=cuda_device)
    except asrc_ctypes.AsrcError as e:
        if e.code == asrc_ctypes.OUT_OF_MEMORY:
            raise Skip("device out of memory (asrc: %s)" % e, oom=True)
        raise
    try:
        res = time_calls(lambda: model.call("attend", q, k, v, lengths, out={out_name: out}), runs)
        res["max_abs_diff"] = max_diff(out, ref, rows)
        return res, out
    except asrc_ctypes.AsrcError as e:
        if e.code == asrc_ctypes.OUT_OF_MEMORY:
            raise Skip("device out of memory (asrc: %s)" % e, oom=True)
        raise
    finally:
        model.destroy()  # frees the model's device memory pool before the next case


# ----------------------------------------------------------------------------- versions

def nvcc_version(nvcc):
    """The 'release' line of `nvcc --version` (else its first line), or None."""
    path = nvcc or os.environ.get("ASRC_NVCC") or "/usr/local/cuda/bin/nvcc"
    if not os.path.exists(path):
        path = shutil.which("nvcc")
    if not path:
        return None
    try:
        text = subprocess.run([path, "--version"], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    rel = [x for x in lines if "release" in x]
    return "%s (%s)" % ((rel or lines or ["?"])[0], path)


def nvidia_smi():
    """'<driver version>' from nvidia-smi, or None."""
    if not shutil.which("nvidia-smi"):
        return None
    try:
        text = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return text.splitlines()[0].strip() if text else None


# ----------------------------------------------------------------------------- report

def cell(r, f, with_tflops=True):
    if r is None:
        return "-"
    if "skipped" in r:
        return "failed" if r.get("error") else "skipped (%s)" % ("OOM" if r.get("oom") else "n/a")
    ms = r["median_ms"]
    s = "%.3f" % ms if ms < 100 else "%.1f" % ms
    if with_tflops:
        s += " / " + tflops_text(f / ms / 1e9)
    return s


def tflops_text(x):
    return "%.2f" % x if x >= 0.1 else "%.2g" % x


def render(meta, rows, impls):
    """The Markdown results."""
    out = ["# asrc CUDA attention vs PyTorch", ""]
    out.append("Multi-head scaled dot-product attention, one `sdpa` node "
               "(test/e2e/attention_spec.py), B=1, head_dim %d, fp32, no padding. "
               "Medians of %d calls after %d warm-ups (time.perf_counter)."
               % (D, meta["runs"], WARMUP))
    out.append("")
    if meta.get("emulated"):
        out += ["**EMULATED**: run on asrc's CPU emulator of the CUDA driver; the timings "
                "mean nothing.", ""]
    out += ["- command: `%s`" % meta["command"],
            "- date: %s" % meta["date"],
            "- GPU: %s" % (meta["gpu"] or "none"),
            "- NVIDIA driver: %s" % (meta["driver"] or "unknown"),
            "- nvcc: %s" % (meta["nvcc"] or "not found"),
            "- PyTorch baseline: %s" % meta["torch"],
            "- host: %s, Python %s" % (meta["host"], meta["python"]),
            "- asrc compile (s): %s" % (", ".join("%s %.1f" % kv for kv in meta["compile_s"].items())
                                        or "-")]
    if meta.get("no_gpu"):
        out += ["", "**No usable NVIDIA GPU: %s**" % meta["no_gpu"], "", "Nothing was measured."]
        return "\n".join(out) + "\n"
    out += ["", "Cells: median ms / TFLOP/s (FLOPs = 4*H*Lq*T*D); copies: ms.", ""]
    for n in NOTES:
        out.append("- " + n)
    out.append("")
    hdr = ["shape", "H", "Lq", "T", "GFLOP"] + [TITLES[i] for i in impls]
    hdr += ["fused - copies (est.)", "fused speed-up vs unfused", "fused speed-up vs PyTorch + copies",
            "max abs diff (fused / unfused / PyTorch)"]
    out.append("| " + " | ".join(hdr) + " |")
    out.append("|" + "|".join(["---"] + ["--:"] * (len(hdr) - 1)) + "|")
    notes = []
    for r in rows:
        f = r["flops"]
        res = r["results"]
        line = [r["label"], str(r["H"]), str(r["Lq"]), str(r["T"]), "%.3g" % (f / 1e9)]
        for i in impls:
            line.append(cell(res.get(i), f, not i.startswith("copies")))
        fu, un, cd, tc = (res.get(i) for i in ("fused", "unfused", "copies-driver", "torch-copies"))
        ok = lambda x: x is not None and "median_ms" in x  # noqa: E731
        if ok(fu) and ok(cd) and fu["median_ms"] > cd["median_ms"]:
            est = fu["median_ms"] - cd["median_ms"]
            line.append("%s / %s" % ("%.3f" % est if est < 100 else "%.1f" % est,
                                     tflops_text(f / est / 1e9)))
        else:
            line.append("-")
        line.append("%.2fx" % (un["median_ms"] / fu["median_ms"]) if ok(fu) and ok(un) else "-")
        line.append("%.2fx" % (tc["median_ms"] / fu["median_ms"]) if ok(fu) and ok(tc) else "-")
        diffs = []
        for i in ("fused", "unfused", "torch"):
            x = res.get(i)
            d = x.get("max_abs_diff") if x else None
            diffs.append("-" if d is None else ("%.1e" % d) + ("" if d <= TOLERANCE else " MISMATCH"))
        line.append(" / ".join(diffs))
        out.append("| " + " | ".join(line) + " |")
        for i in impls:
            x = res.get(i)
            if x and "skipped" in x:
                notes.append("%s, %s: %s" % (r["label"], TITLES[i], x["skipped"]))
    out += ["", "Speed-ups > 1: asrc fused is faster. max abs diff: vs a float64 numpy reference "
            "on up to %d sampled query rows (MISMATCH above %.0e)." % (CHECK_ROWS, TOLERANCE)]
    if notes:
        out += ["", "Skipped or failed:", ""] + ["- " + n for n in notes]
    return "\n".join(out) + "\n"


def write_results(path, meta, rows, impls):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    with open(path, "w") as f:
        f.write(render(meta, rows, impls))
    jpath = os.path.splitext(path)[0] + ".json"
    with open(jpath, "w") as f:
        json.dump(dict(meta, notes=NOTES, warmup=WARMUP, head_dim=D, implementations=impls,
                       shapes=rows), f, indent=1)
        f.write("\n")
    print("wrote %s and %s" % (path, jpath))


# ----------------------------------------------------------------------------- main

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--out", help="Markdown results (default docs/experiments/cuda-attention.md); "
                   "the JSON goes next to it")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="only %s" % " and ".join(QUICK))
    p.add_argument("--shapes", nargs="+", help="only these shapes (labels: %s)"
                   % ", ".join(s[0] for s in SHAPES))
    p.add_argument("--allow-no-gpu", action="store_true",
                   help="without a usable GPU, write a results file that says so and exit 0")
    p.add_argument("--nvcc", help="passed to asrc as --nvcc")
    p.add_argument("--cuda-device", type=int, default=0, help="the GPU ordinal")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench/cuda-attention"))
    p.add_argument("--emulate", action="store_true",
                   help="test this script without a GPU: asrc's CPU emulator (timings mean nothing)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be >= 1")
    shapes = SHAPES
    if args.quick:
        shapes = [s for s in SHAPES if s[0] in QUICK]
    if args.shapes:
        unknown = [x for x in args.shapes if x not in [s[0] for s in SHAPES]]
        if unknown:
            p.error("no shape named %s (shapes: %s)" % (", ".join(unknown),
                                                        ", ".join(s[0] for s in SHAPES)))
        shapes = [s for s in shapes if s[0] in args.shapes]
        if not shapes:
            p.error("--shapes and --quick leave no shape")
    if args.out is None:
        args.out = (os.path.join(args.workdir, "cuda-attention-emulated.md") if args.emulate
                    else os.path.join(ROOT, "docs/experiments/cuda-attention.md"))

    # The real driver (or, with --emulate, the emulator); device choice by the options only.
    emu = os.path.join(ROOT, "build/test/cuda-emu/libasrc_cuda_emu.so")
    if args.emulate:
        os.environ["ASRC_CUDA_DRIVER"] = emu
    elif os.environ.pop("ASRC_CUDA_DRIVER", None):
        print("bench: ignoring ASRC_CUDA_DRIVER (this benchmark uses the real driver)")
    os.environ.pop("ASRC_DEVICE", None)

    import numpy as np  # noqa: F401 - fail early without numpy
    import attention_spec
    import asrc_ctypes

    meta = {"command": " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv),
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "host": machine(), "python": platform.python_version(), "runs": args.runs,
            "emulated": bool(args.emulate), "gpu": None, "driver": None,
            "nvcc": nvcc_version(args.nvcc), "torch": None, "compile_s": {}, "no_gpu": None}

    os.makedirs(args.workdir, exist_ok=True)
    weights = os.path.join(args.workdir, "empty.safetensors")
    libs = {}

    def build(h, impl):
        """Compiles (once) and loads lib<model>.so for H heads; asrc's errors go to stderr."""
        if (h, impl) in libs:
            return libs[(h, impl)]
        spec, _ = attention_spec.write(args.workdir, h, D)
        name = attention_spec.spec_name(h, D)
        outdir = os.path.join(args.workdir, impl, name)
        extra = ["--target=cuda"] + (["--no-fuse-attention"] if impl == "unfused" else [])
        if args.nvcc:
            extra.append("--nvcc=" + args.nvcc)
        if args.emulate:
            extra.append("--cuda-emulation")
        print("compiling %s (%s): %s %s" % (name, impl, args.asrc, " ".join(extra)), flush=True)
        meta["compile_s"]["%s %s" % (name, impl)] = compile_model(args.asrc, spec, weights,
                                                                  outdir, extra)
        libs[(h, impl)] = asrc_ctypes.Library(os.path.join(outdir, "lib%s.so" % name))
        return libs[(h, impl)]

    heads = sorted({s[1] for s in shapes})
    try:
        # One library first: without a usable GPU, stop before compiling the rest.
        lib = build(heads[0], "fused")
        why = None
        try:
            probe = lib.create(weights, device="cuda", cuda_device=args.cuda_device)
            meta["gpu"] = probe.device()
            probe.destroy()
            if not meta["gpu"].startswith("cuda"):
                why = "the model was created on %r, not on a GPU" % meta["gpu"]
        except asrc_ctypes.AsrcError as e:
            why = str(e)
        if why is not None:
            print("no usable NVIDIA GPU: %s" % why, flush=True)
            if not args.allow_no_gpu:
                return SKIP
            meta["gpu"], meta["no_gpu"] = None, why
            meta["torch"] = load_torch()[1]
            write_results(args.out, meta, [], [])
            return 0
        for h in heads:
            for impl in ASRC_IMPLS:
                build(h, impl)
    except subprocess.CalledProcessError as e:
        cmd = " ".join(shlex.quote(str(a)) for a in e.cmd)
        print("bench: asrc failed (exit %d; its error is above): %s" % (e.returncode, cmd),
              file=sys.stderr)
        return 1
    except OSError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    print("GPU: %s" % meta["gpu"], flush=True)

    # The driver for the copy baseline and its version.
    drv, drv_error = None, None
    try:
        drv = CudaDriver(os.environ.get("ASRC_CUDA_DRIVER") or "libcuda.so.1")
        drv.open(args.cuda_device)
    except (OSError, AttributeError, RuntimeError, Skip) as e:
        drv, drv_error = None, str(e)
    smi = nvidia_smi()
    api = drv.version() if drv else None
    meta["driver"] = ", ".join(x for x in (smi, "CUDA driver API %s" % api if api else None) if x) \
        or None

    torch, meta["torch"] = (None, "unavailable (emulated run)") if args.emulate else load_torch()
    if torch is not None and args.cuda_device != 0:
        torch.cuda.set_device(args.cuda_device)
    print("PyTorch baseline: %s" % meta["torch"], flush=True)

    impls = ASRC_IMPLS + ["copies-driver"] + (["copies-torch", "torch", "torch-copies"] if torch else [])
    print("medians of %d calls after %d warm-ups; cells: ms / TFLOP/s" % (args.runs, WARMUP))
    for n in NOTES:
        print("note: " + n)
    rows, failed = [], False
    for shape in shapes:
        label, h, lq, t = shape
        f = flops(h, lq, t)
        if torch is not None:  # give PyTorch's cached device memory back before asrc runs
            gc.collect()
            torch.cuda.empty_cache()
        arrays = make_inputs(h, lq, t)
        crow = check_rows(lq)
        ref = reference(arrays[0], arrays[1], arrays[2], h, crow)
        row = {"label": label, "H": h, "Lq": lq, "T": t, "D": D, "flops": f,
               "check_rows": len(crow), "results": {}}
        outs = {}
        for impl in impls:
            try:
                if impl in ASRC_IMPLS:
                    res, outs[impl] = bench_asrc(asrc_ctypes, libs[(h, impl)], weights,
                                                 args.cuda_device, shape,
                                                 arrays, args.runs, crow, ref)
                elif impl == "copies-driver":
                    if drv is None:
                        raise Skip("the CUDA driver could not be opened from Python: %s" % drv_error)
                    out = np.empty_like(arrays[0])
                    c = DriverCopies(drv, arrays, out)
                    try:
                        res = time_calls(c.run, args.runs)
                    finally:
                        c.close()
                else:
                    res = bench_torch(torch, impl, shape, arrays, args.runs, crow, ref)
                if "median_ms" in res:
                    res["tflops"] = f / res["median_ms"] / 1e9
                if res.get("max_abs_diff", 0) > TOLERANCE:
                    failed = True
            except Skip as e:
                res = {"skipped": str(e), "oom": e.oom}
            except Exception as e:  # noqa: BLE001 - record it and go on
                res = {"skipped": "%s: %s" % (type(e).__name__, e), "error": True}
                failed = True
            row["results"][impl] = res
            print("%-18s %-24s %s" % (label, TITLES[impl],
                                      res["skipped"] if "skipped" in res else
                                      cell(res, f, not impl.startswith("copies")) +
                                      ("  max|diff| %.1e" % res["max_abs_diff"]
                                       if "max_abs_diff" in res else "")), flush=True)
        if "fused" in outs and "unfused" in outs:
            row["fused_vs_unfused_max_abs_diff"] = float(np.max(np.abs(outs["fused"] - outs["unfused"])))
        rows.append(row)
    if drv:
        drv.close()
    print()
    text = render(meta, rows, impls)
    print(text)
    write_results(args.out, meta, rows, impls)
    if failed:
        print("bench: some implementations failed or mismatched the reference (see above)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
