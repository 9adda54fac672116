#!/usr/bin/env bash
# The README's main job: installs, builds, compiles the trained digits model
# (examples/digits: a Whisper-style encoder-decoder taking raw 16 kHz samples)
# into build/demo/digits, and transcribes a few recordings with asr-run:
# connected digits spoken by espeak-ng (voices the model was not trained on),
# and FSDD test recordings (8 kHz, resampled by the library) when
# ../shared/data is there. Prints each text and the real-time factor.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT/audio"

SPEC=examples/digits/digits.json
if [ ! -f "$SPEC" ] || [ ! -f examples/digits/digits.safetensors ]; then
  # The trained weights come from examples/digits/train.py + export.py; a
  # checkout without them runs the same pipeline with random weights.
  echo "demo: no trained weights in examples/digits: using random ones (the texts are noise)"
  SPEC="$OUT/digits_random.json"
  /usr/bin/python3 examples/digits/export.py --random 0 -o "$SPEC"
fi
echo
echo "== asrc $SPEC -o $OUT/digits"
"$BUILD_DIR/bin/asrc" "$SPEC" -o "$OUT/digits"

# Connected digits from espeak-ng (a held-out voice), written as 16-bit WAV.
files=()
say() { # name voice text
  espeak-ng -v "$2" -s 150 -w "$OUT/audio/$1.wav" "$3"
  files+=("$OUT/audio/$1.wav")
  echo "  $OUT/audio/$1.wav: \"$3\" ($2)"
}
echo
echo "== recordings"
say espeak-1 en-gb-x-gbcwmd+m7 "three one four one five nine"
say espeak-2 en-us-nyc+f4 "two seven one eight"
DATA=${ASRC_DATA:-../shared/data}
if [ -d "$DATA/fsdd/recordings" ]; then
  for f in 0_george_0 4_jackson_1 7_lucas_2 9_nicolas_3 5_yweweler_4; do
    files+=("$DATA/fsdd/recordings/$f.wav")
    echo "  $DATA/fsdd/recordings/$f.wav (FSDD test split, 8 kHz)"
  done
fi

echo
echo "== asr-run $OUT/digits ... --timing"
"$BUILD_DIR/bin/asr-run" "$OUT/digits" "${files[@]}" --timing
