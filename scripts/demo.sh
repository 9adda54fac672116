#!/usr/bin/env bash
# The README's main job: installs, builds, generates random weights for the
# example models and compiles each to verified asr IR, printing the IR of the
# content-attention model and a one-line summary of every example.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh
ASRC="$BUILD_DIR/bin/asrc"

for spec in examples/*/*.json; do
  weights="${spec%.json}.safetensors"
  [ -f "$weights" ] || /usr/bin/python3 scripts/gen_weights.py "$spec" -o "$weights"
done

echo
echo "== asrc examples/content_attention/content_attention.json --emit=mlir"
"$ASRC" examples/content_attention/content_attention.json --emit=mlir

echo "== all examples"
for spec in examples/*/*.json; do
  ir=$("$ASRC" "$spec" --emit=mlir)
  funcs=$(grep -c "func.func" <<<"$ir")
  ops=$(grep -c " = asr\." <<<"$ir")
  printf '%-48s %d entry points, %4d asr ops\n' "$spec" "$funcs" "$ops"
done
