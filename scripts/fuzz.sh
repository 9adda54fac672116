#!/usr/bin/env bash
# Runs the libFuzzer harnesses of test/fuzz (docs/reliability.md).
#
#   scripts/fuzz.sh [--time SECONDS] [HARNESS...]
#
# HARNESS: spec, mlir, safetensors, wav, runtime (default: all five, one
# after the other). Each runs for SECONDS (default 600) on one core, from a
# working corpus build-asan/fuzz-work/<name>/corpus seeded with the committed
# test/fuzz/corpus/<name> and test/fuzz/regressions/<name>. A crash, leak,
# timeout (> 10 s per input) or sanitizer report stops that harness and its
# input lands in build-asan/fuzz-work/<name>/; copy it into
# test/fuzz/regressions/<name>/ once fixed. Prints executions and time per
# harness; exits 1 if any harness found something.
#
# The harnesses live in the ASan + UBSan build (build-asan, clang-19), which
# scripts/sanitize.sh shares; this script installs, configures and builds it
# when needed. FUZZ_BUILD_DIR and JOBS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }
SECONDS_PER=600
HARNESSES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) SECONDS_PER=${2:?--time needs seconds}; shift 2 ;;
    --time=*) SECONDS_PER=${1#--time=}; shift ;;
    -h|--help) usage; exit 0 ;;
    spec|mlir|safetensors|wav|runtime) HARNESSES+=("$1"); shift ;;
    *) echo "fuzz.sh: error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$SECONDS_PER" in ''|*[!0-9]*) echo "fuzz.sh: error: --time wants whole seconds, got '$SECONDS_PER'" >&2; exit 2 ;; esac
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(spec mlir safetensors wav runtime)

BUILD_DIR=${FUZZ_BUILD_DIR:-build-asan}
source scripts/sanitizer-build.sh
configure_sanitizer_build "$BUILD_DIR" address,undefined
ninja -C "$BUILD_DIR" -j"${JOBS:-2}" asrc-fuzzers

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASRC_FUZZ_MODEL=$(cd "$BUILD_DIR" && pwd)/fuzz-model/digits
export HL_NUM_THREADS=1

declare -A MAX_LEN=([spec]=65536 [mlir]=16384 [safetensors]=8192 [wav]=16384 [runtime]=8192)
failed=0
summary=()
for h in "${HARNESSES[@]}"; do
  work=$BUILD_DIR/fuzz-work/$h
  mkdir -p "$work/corpus"
  log=$work/fuzz.log
  echo "fuzz.sh: $h for ${SECONDS_PER} s (log: $log)"
  start=$(date +%s)
  rc=0
  dict=()
  [ -f "test/fuzz/$h.dict" ] && dict=(-dict="test/fuzz/$h.dict")
  "$BUILD_DIR/bin/fuzz-$h" "$work/corpus" "test/fuzz/corpus/$h" "test/fuzz/regressions/$h" "${dict[@]}" \
    -max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=4096 -max_len="${MAX_LEN[$h]}" \
    -print_final_stats=1 -artifact_prefix="$work/" >"$log" 2>&1 || rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(ls "$work/corpus" | wc -l)
  if [ $rc -ne 0 ]; then
    failed=1
    found=$(ls -t "$work" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | head -1 || true)
    summary+=("$(printf '%-12s %8s s %12s execs  FOUND: %s (exit %d)' "$h" "$secs" "${execs:-?}" "${found:-see log}" "$rc")")
    grep -E 'ERROR|SUMMARY|fuzz-' "$log" | head -5 || true
  else
    summary+=("$(printf '%-12s %8s s %12s execs  ok, corpus %d inputs' "$h" "$secs" "${execs:-?}" "$corpus")")
  fi
done
echo "fuzz.sh: summary ($(nproc) cores, $SECONDS_PER s per harness)"
printf '  %s\n' "${summary[@]}"
exit $failed
