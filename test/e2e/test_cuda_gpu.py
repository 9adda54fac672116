#!/usr/bin/env python3
"""The CUDA path on a real NVIDIA GPU, or a skip where there is none.

    /usr/bin/python3 test/e2e/test_cuda_gpu.py [--asrc build/bin/asrc] [--build-dir build]

1. Compiles examples/digits with --target=host,cuda (nvcc) and
   creates it with device cuda through the C API.
2. If that fails because the machine has no usable GPU (no driver, no
   device), prints "SKIPPED: ..." with the runtime's reason and exits 77
   (ctest reports the test as skipped).
3. Otherwise runs the PyTorch parity suite (test_e2e.py) for every example
   family with --target=host,cuda on the GPU (--device cuda), and exits with
   its status.
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
import asrc_ctypes  # noqa: E402

SKIP = 77


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build", "bin", "asrc"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    args = ap.parse_args(argv[1:])
    env = dict(os.environ)
    env.pop("ASRC_CUDA_DRIVER", None)  # the real driver, never the emulator
    env.pop("ASRC_DEVICE", None)
    os.environ.pop("ASRC_CUDA_DRIVER", None)
    os.environ.pop("ASRC_DEVICE", None)
    with tempfile.TemporaryDirectory(prefix="asrc-cuda-gpu-") as work:
        # digits: the example whose weights are in the repository.
        spec = os.path.join(ROOT, "examples", "digits", "digits.json")
        p = subprocess.run([args.asrc, spec, "--target=host,cuda", "-o", work, "--quiet"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            print("FAILED: asrc --target=host,cuda:\n" + p.stdout.decode("utf-8", "replace"))
            return 1
        lib = asrc_ctypes.Library(os.path.join(work, "libdigits.so"))
        try:
            model = lib.create(os.path.join(work, "digits.safetensors"),
                               device="cuda")
        except asrc_ctypes.AsrcError as e:
            print("SKIPPED: no usable NVIDIA GPU, so the CUDA execution tests did not run "
                  "(the compile-only checks are in lit). The runtime said: %s" % e)
            return SKIP
        print("GPU: %s" % model.device(), flush=True)
        model.destroy()
    cmd = [sys.executable, os.path.join(ROOT, "test", "e2e", "test_e2e.py"), "--asrc", args.asrc,
           "--build-dir", args.build_dir, "--device", "cuda", "--asrc-arg=--target=host,cuda"]
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
