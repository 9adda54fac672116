#!/usr/bin/env bash
# The README's test command: installs, builds, and runs the whole suite
# (lit/FileCheck tests, GoogleTest unit tests, end-to-end tests, fuzz
# replays, the stress test) through ctest.
#
# Then, in CI (CI=true) or with FUZZ_SMOKE=1, a fuzz smoke: every libFuzzer
# harness for 30 s in the clang-19 ASan + UBSan build (scripts/fuzz.sh; the
# build adds about 10 minutes on two cores). FUZZ_SMOKE=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh
(cd "$BUILD_DIR" && ctest --output-on-failure)

if [ "${FUZZ_SMOKE:-$([ "${CI:-}" = true ] && echo 1 || echo 0)}" = 1 ]; then
  echo "test.sh: fuzz smoke (30 s per harness)"
  bash scripts/fuzz.sh --time 30
fi
