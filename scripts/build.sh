#!/usr/bin/env bash
# Installs the dependencies (scripts/install-deps.sh), then configures and
# builds asrc into ./build (CMake + Ninja). Idempotent: re-running reuses the
# build directory. BUILD_DIR and JOBS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}

bash scripts/install-deps.sh

start=$(date +%s)
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$BUILD_DIR" -j"$JOBS"
echo "build: done in $(( $(date +%s) - start )) s ($BUILD_DIR/bin)"
