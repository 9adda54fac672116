#!/usr/bin/python3
"""Imports the trained digits model into an asrc spec + weights, through the
PyTorch importer (frontend/torch/asr_import_torch.py):

    /usr/bin/python3 examples/digits/export.py [--state-dict build/digits/digits.pt]
        [-o examples/digits/digits.json]

writes digits.json (entry points encode(samples) and decode_step, the
decoding recipe and the transcription table) and digits.safetensors.
--random writes the same model with random weights (seeded), for tests that
only need the shapes.
"""
import argparse
import json
import os
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model as digits  # noqa: E402

sys.path.insert(0, os.path.join(digits.ROOT, "frontend", "torch"))
import asr_import_torch  # noqa: E402


def transcription():
    return {"sample_rate": digits.SAMPLE_RATE, "tokens": digits.TOKENS, "separator": " ",
            "window_seconds": digits.WINDOW_SECONDS}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--state-dict", default=os.path.join(digits.ROOT, "build", "digits",
                                                         "digits.pt"))
    ap.add_argument("--random", type=int, metavar="SEED",
                    help="random weights from this seed instead of --state-dict")
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "digits.json"))
    args = ap.parse_args(argv)
    state = args.state_dict
    tmp = None
    if args.random is not None:
        torch.manual_seed(args.random)
        tmp = tempfile.NamedTemporaryFile(suffix=".pt", delete=False)
        torch.save(digits.Digits().state_dict(), tmp.name)
        state = tmp.name
    argv = ["--module", "model:Digits", "--python-path", HERE, "--state-dict", state,
            "--name", "digits", "-o", args.output,
            "--samples", "B=1,N=16000,S=50;B=2,N=24000,S=75",
            "--decoding", json.dumps(digits.decoding()),
            "--transcription", json.dumps(transcription())]
    for e in digits.entries():
        argv += ["--entry", e]
    try:
        return asr_import_torch.main(argv)
    finally:
        if tmp:
            os.unlink(tmp.name)


if __name__ == "__main__":
    sys.exit(main())
