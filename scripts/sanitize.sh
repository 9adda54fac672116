#!/usr/bin/env bash
# Builds asrc with sanitizers (clang-19) and runs the tests under them
# (docs/reliability.md).
#
#   scripts/sanitize.sh [address|thread]
#
# address (default): AddressSanitizer + UndefinedBehaviorSanitizer (+ the
#   LeakSanitizer of ASan) in build-asan, the build the fuzzers share.
#   Every target is instrumented, and so are the models this build's asrc
#   compiles (entry points + the runtime archive). It runs
#     1. the native tests, leaks checked: the GoogleTest suites, the fuzz
#        replays (seed corpora + regression inputs) and the model stress test
#        (8 threads x 100 calls, 1000 calls for memory growth);
#     2. the lit tests and the PyTorch end-to-end tests, whose Python
#        preloads the same ASan runtime (leak checks off there: the Python
#        interpreter and the compilers it runs do not free everything).
# thread: ThreadSanitizer in build-tsan: the runtime's unit tests and the
#   model stress test (one model shared by 8 threads), on a model compiled
#   and linked with TSan.
#
# Not run under sanitizers: the CUDA emulator tests (ucontext fibers) and
# the GPU test. SANITIZE_BUILD_DIR and JOBS override the defaults. Exit 0 = clean.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=address
case "${1:-}" in
  ""|address) ;;
  thread) MODE=thread ;;
  -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "sanitize.sh: error: unknown mode '$1' (address or thread)" >&2; exit 2 ;;
esac

source scripts/sanitizer-build.sh
start=$(date +%s)
if [ $MODE = thread ]; then
  BUILD_DIR=${SANITIZE_BUILD_DIR:-build-tsan}
  configure_sanitizer_build "$BUILD_DIR" thread
  ninja -C "$BUILD_DIR" -j"${JOBS:-2}" asrc asr-runtime-tests asrc-model-stress
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/test/tsan-suppressions.txt}
  cd "$BUILD_DIR"
  test/unit/asr-runtime-tests --gtest_filter='-RuntimeCuda*'
  ctest --output-on-failure -L stress
  echo "sanitize.sh: thread: clean in $(( $(date +%s) - start )) s"
  exit 0
fi

BUILD_DIR=${SANITIZE_BUILD_DIR:-build-asan}
configure_sanitizer_build "$BUILD_DIR" address,undefined
ninja -C "$BUILD_DIR" -j"${JOBS:-2}"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$BUILD_DIR"

echo "sanitize.sh: 1/2 native tests (ASan + UBSan + LeakSanitizer)"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  ctest --output-on-failure -E '^(lit|e2e|import)|cuda|Cuda'

echo "sanitize.sh: 2/2 lit and end-to-end tests (ASan + UBSan, Python preloading ASan)"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1} \
  ctest --output-on-failure -R '^(lit|e2e|import)' -E 'cuda'
echo "sanitize.sh: address: clean in $(( $(date +%s) - start )) s"
