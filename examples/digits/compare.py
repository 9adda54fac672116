#!/usr/bin/python3
"""Checks that asr-run's transcripts equal the PyTorch model's, utterance by
utterance:

    build/bin/asr-run build/digits-model build/digits-data/fsdd_test.tsv --json > fsdd.jsonl
    /usr/bin/python3 examples/digits/compare.py build/digits-model fsdd.jsonl [more.jsonl ...]

For each record of asr-run --json: PyTorch greedy decoding (model.greedy)
of the same samples, read through the compiled library's asrc_audio_read,
with the weights in MODEL_DIR. Prints the count of identical texts per file
and every difference; exits 1 if any differ.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "..", "tools", "python")]
import model as digits  # noqa: E402
from asrc_ctypes import Library  # noqa: E402
from reference_models import load_weights  # noqa: E402  (on the path via model)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    model_dir = argv[1]
    torch.set_num_threads(2)
    m = digits.Digits()
    load_weights(m, os.path.join(model_dir, "digits.safetensors"))
    m.eval()
    lib = Library(os.path.join(model_dir, "libdigits.so"))
    differ = 0
    for path in argv[2:]:
        recs = [json.loads(line) for line in open(path)]
        same = 0
        for r in recs:
            samples = torch.from_numpy(lib.read_audio(r["file"], digits.SAMPLE_RATE))
            want = digits.tokens_to_text(digits.greedy(m, samples))
            if want == r["text"]:
                same += 1
            else:
                print("%s: asr-run %r, PyTorch %r" % (r["file"], r["text"], want))
        differ += len(recs) - same
        print("%s: %d/%d transcripts identical to PyTorch" % (path, same, len(recs)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
