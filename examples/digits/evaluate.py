"""Evaluates a Digits state_dict the way the compiled model runs: greedy
decoding at batch 1 on the unpadded 16 kHz samples of each test file.

    /usr/bin/python3 examples/digits/evaluate.py [--checkpoint build/digits/digits.pt]
        [--data build/digits-data] [--out build/digits/eval.json]

Test sets (written by make_data.py):
  fsdd_test_16k.tsv   the 250 FSDD test-split files (takes 0-4), resampled to
                      16 kHz by sox: digit accuracy (exactly the one word)
  synthetic_test.tsv  200 espeak-ng connected-digit utterances with voices
                      held out of training: word error rate
"""
import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from model import Digits, greedy, tokens_to_text  # noqa: E402
from asr_torch.audio import read_wav  # noqa: E402  (on the path via model)


def read_wav16k(path):
    data, rate = read_wav(path)
    assert rate == 16000, path
    return torch.from_numpy(data)


def read_tsv(path):
    folder = os.path.dirname(os.path.abspath(path))
    rows = []
    with open(path) as f:
        for line in f:
            if line.strip():
                p, words = line.rstrip("\n").split("\t")
                rows.append((os.path.join(folder, p), words.strip()))
    return rows


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(b) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] != b[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(b)]


def score(model, rows, show_errors=0, group_of=None):
    """WER and exact transcripts of `rows`; with `group_of` (file name ->
    group), also the WER per group."""
    errors = words = exact = 0
    wrong = []
    groups = {}
    for path, ref in rows:
        hyp = tokens_to_text(greedy(model, read_wav16k(path)))
        e = edit_distance(ref.split(), hyp.split())
        errors += e
        words += len(ref.split())
        exact += hyp == ref
        if hyp != ref:
            wrong.append((os.path.basename(path), ref, hyp))
        if group_of:
            g = groups.setdefault(group_of[os.path.basename(path)], [0, 0])
            g[0] += e
            g[1] += len(ref.split())
    for w in wrong[:show_errors]:
        print("    %s: ref '%s' hyp '%s'" % w)
    out = {"utterances": len(rows), "words": words, "word_errors": errors,
           "wer": errors / max(words, 1), "utterance_accuracy": exact / max(len(rows), 1),
           "errors": [{"file": f, "ref": r, "hyp": h} for f, r, h in wrong]}
    if group_of:
        out["wer_by_group"] = {g: e / max(n, 1) for g, (e, n) in sorted(groups.items())}
    return out


def accents(data):
    """synthetic_test_voices.tsv: file name -> the voice's accent."""
    out = {}
    with open(os.path.join(data, "synthetic_test_voices.tsv")) as f:
        next(f)
        for line in f:
            path, voice = line.split("\t")[:2]
            out[os.path.basename(path)] = voice.split("+")[0]
    return out


def evaluate(model, data, show_errors=10):
    model.eval()
    t0 = time.time()
    fsdd = score(model, read_tsv(os.path.join(data, "fsdd_test_16k.tsv")), show_errors)
    synth = score(model, read_tsv(os.path.join(data, "synthetic_test.tsv")), show_errors,
                  accents(data))
    result = {
        "fsdd_test_digit_accuracy": fsdd["utterance_accuracy"],
        "fsdd_test_wer": fsdd["wer"],
        "synthetic_test_wer": synth["wer"],
        "synthetic_test_utterance_accuracy": synth["utterance_accuracy"],
        "fsdd_test": fsdd, "synthetic_test": synth,
        "decoding": "greedy, batch 1, unpadded 16 kHz samples (PyTorch)",
        "eval_seconds": round(time.time() - t0, 1),
    }
    print("FSDD test digit accuracy %.2f%% (%d/%d), synthetic test WER %.2f%% "
          "(%d errors / %d words, %.1f%% utterances exact)  [%.0f s]"
          % (100 * fsdd["utterance_accuracy"], round(fsdd["utterance_accuracy"] * fsdd["utterances"]),
             fsdd["utterances"], 100 * synth["wer"], synth["word_errors"], synth["words"],
             100 * synth["utterance_accuracy"], time.time() - t0), flush=True)
    print("synthetic test WER by held-out accent: " +
          ", ".join("%s %.1f%%" % (a, 100 * w) for a, w in synth["wer_by_group"].items()))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkpoint", default=os.path.join(ROOT, "build", "digits", "digits.pt"))
    ap.add_argument("--data", default=os.path.join(ROOT, "build", "digits-data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "digits", "eval.json"))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model = Digits()
    model.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    result = evaluate(model, args.data)
    result["checkpoint"] = os.path.abspath(args.checkpoint)
    if args.out:
        if os.path.exists(args.out):    # keep train.py's record of the run
            with open(args.out) as f:
                old = json.load(f)
            if "training" in old and old.get("checkpoint") == result["checkpoint"]:
                result["training"] = old["training"]
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
        print("wrote", args.out)


if __name__ == "__main__":
    main()
