#!/usr/bin/env bash
# Installs every Debian 12 package asrc needs to build, test and benchmark.
# Idempotent; run as root (or with sudo available). See docs/ and DESIGN.md
# for why each package is here.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config
  # MLIR / LLVM 19 (never install libmlir-22: it conflicts)
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  # Halide 14 (+ its autoscheduler plugins)
  libhalide14-0-dev
  # JSON, tests, benchmarks
  nlohmann-json3-dev googletest libgtest-dev libbenchmark-dev
  # PyTorch reference / exporter (run with /usr/bin/python3)
  python3 python3-torch python3-numpy
  # OpenBLAS: PyTorch and NumPy use it through the BLAS alternative (the
  # reference BLAS would make every PyTorch baseline 10x too slow)
  libopenblas0-pthread libopenblas-dev
  # fuzzing and sanitizers
  clang-19 libclang-rt-19-dev
  # audio
  libsndfile1-dev libsoxr-dev espeak-ng sox
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
