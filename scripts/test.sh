#!/usr/bin/env bash
# The README's test command: installs, builds, and runs the whole suite
# (lit/FileCheck tests and GoogleTest unit tests) through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh
cd "$BUILD_DIR"
ctest --output-on-failure
