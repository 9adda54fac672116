#!/usr/bin/env bash
# The README's main job: installs, builds, then compiles two example models
# with random weights into native libraries and runs them: the content-
# attention model of the original write-up, and a Whisper-tiny-shaped encoder
# on 30 s of input (80 x 3000 log-mel frames). Prints each output's shape,
# a checksum and the time.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh
ASRC="$BUILD_DIR/bin/asrc"
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT"

run() { # name entry dims
  local name=$1 entry=$2 dims=$3
  local spec="examples/$name/$name.json" weights="$OUT/$name.safetensors"
  [ -f "$weights" ] || /usr/bin/python3 scripts/gen_weights.py "$spec" -o "$weights" --seed 0
  echo
  echo "== asrc $spec --weights $weights -o $OUT/$name"
  "$ASRC" "$spec" --weights "$weights" -o "$OUT/$name"
  /usr/bin/python3 scripts/run_model.py "$OUT/$name/lib$name.so" "$weights" "$entry" --dims "$dims"
}

run content_attention encode B=2,T=100
run whisper_tiny encode B=1,T=3000
