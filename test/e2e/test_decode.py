#!/usr/bin/env python3
"""Decoding tests: asrc_decode on compiled example models against decoders
written here in PyTorch / numpy over the PyTorch reference models.

    /usr/bin/python3 test/e2e/test_decode.py [--asrc build/bin/asrc] [--work-dir DIR] [-v]

For las, whisper_tiny (attention decoding) and conformer_ctc (CTC), random
weights (scripts/gen_weights.py, seed 0), compiled once with asrc:

* greedy: the library's token sequences (asrc_decode, beam_width 1) equal a
  plain greedy loop over the reference model's decode_step (argmax, lowest id
  on ties) fed with the reference's own encoder output;
* beam search, width 4: sequences, scores and ranking equal the beam search
  below (the algorithm documented in runtime/Decode.cpp), on several
  utterances of different lengths in one batch; scores within 1e-3;
* CTC greedy and prefix beam search (width 4) over the reference's
  log-probabilities equal the library's, end to end and through
  asrc_ctc_decode on the same log-probabilities;
* errors: a model without a recipe, nbest > beam_width, wrong input count.

--imported runs the same checks on the specs the PyTorch importer makes of
the reference models (asr_import_torch.py --family NAME --decoding RECIPE):
decoding on importer output, not only on the hand-written examples.

Random-weight models rarely emit the end token, so most hypotheses run to
max_length; that still compares every step's choices.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import asrc_ctypes  # noqa: E402
import reference_models as R  # noqa: E402
from asr_torch import safetensors  # noqa: E402 (on the path via reference_models)

SCORE_TOL = 1e-3


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------
# The reference decoders (independent of the runtime's C++)
# ---------------------------------------------------------------------------


def beam_search(step, states, batch, k, start, end, max_len, penalty):
    """Beam search as runtime/Decode.cpp documents it, over `step(tokens [N],
    position, states) -> (log-probs float64 [N, V], new states)`; states are
    tensors with N = batch * k rows. Returns per utterance [(tokens, score,
    normalized, finished)] best first."""
    n = batch * k
    live = [[([], 0.0, b * k)] for b in range(batch)]
    finished = [[] for _ in range(batch)]
    done = [False] * batch
    norm = (lambda s, length: s if penalty == 0 or length == 0 else s / length ** penalty)
    t = 0
    while not all(done):
        tokens = []
        for r in range(n):
            b, j = divmod(r, k)
            if t < len(start):
                tokens.append(start[t])
            elif not done[b] and j < len(live[b]):
                tokens.append(live[b][j][0][-1])
            else:
                tokens.append(end)
        logp, new_states = step(torch.tensor(tokens, dtype=torch.int32), t, states)
        parents = list(range(n))
        if t >= len(start) - 1:
            generated = t - len(start) + 2
            for b in range(batch):
                if done[b]:
                    continue
                cands = []
                for i, (toks, score, row) in enumerate(live[b]):
                    for v in range(logp.shape[1]):
                        cands.append((-(score + float(logp[row, v])), i, v))
                cands.sort()
                cands = cands[:2 * k]
                nxt = []
                for c, (neg, i, v) in enumerate(cands):
                    if len(nxt) == k:
                        break
                    toks, _, row = live[b][i]
                    if v == end:
                        if c < k:
                            finished[b].append((toks, -neg, norm(-neg, len(toks) + 1), True))
                        continue
                    nxt.append((toks + [v], -neg, row))
                for j, (toks, score, row) in enumerate(nxt):
                    parents[b * k + j] = row
                live[b] = [(toks, score, b * k + j) for j, (toks, score, _) in enumerate(nxt)]
                full = len(finished[b]) >= k
                if full or not live[b] or generated >= max_len:
                    if not full:
                        for toks, score, _ in live[b]:
                            finished[b].append((toks, score, norm(score, len(toks)), False))
                    live[b] = []
                    done[b] = True
        index = torch.tensor(parents)
        states = [s.index_select(0, index) for s in new_states]
        t += 1
    # Stable sort by normalized score: earlier-finished first among equals;
    # the k best (several can finish in the last step).
    return [sorted(f, key=lambda h: -h[2])[:k] for f in finished]


def log_add(*xs):
    m = max(xs)
    if m == -math.inf:
        return -math.inf
    return m + math.log(sum(math.exp(x - m) for x in xs))


def ctc_greedy(lp, frames, blank):
    best = lp[:frames].argmax(-1)
    score = float(lp[np.arange(frames), best].astype(np.float64).sum()) if frames else 0.0
    tokens, prev = [], -1
    for v in best:
        if v != blank and v != prev:
            tokens.append(int(v))
        prev = v
    return [(tokens, score)]


def ctc_prefix_beam(lp, frames, blank, k):
    """Prefix beam search (Hannun et al. 2014) in float64; ranking: total,
    then shorter, then smaller ids."""
    beams = {(): (0.0, -math.inf)}
    for t in range(frames):
        nxt = {}

        def get(p):
            return nxt.get(p, (-math.inf, -math.inf))
        for prefix, (pb, pnb) in beams.items():
            for v in range(lp.shape[1]):
                x = float(lp[t, v])
                if v == blank:
                    b_, nb_ = get(prefix)
                    nxt[prefix] = (log_add(b_, pb + x, pnb + x), nb_)
                    continue
                ext = prefix + (v,)
                if prefix and prefix[-1] == v:
                    b_, nb_ = get(ext)
                    nxt[ext] = (b_, log_add(nb_, pb + x))
                    b_, nb_ = get(prefix)
                    nxt[prefix] = (b_, log_add(nb_, pnb + x))
                else:
                    b_, nb_ = get(ext)
                    nxt[ext] = (b_, log_add(nb_, pb + x, pnb + x))
        ranked = sorted(nxt.items(), key=lambda kv: (-log_add(*kv[1]), len(kv[0]), kv[0]))
        beams = dict(ranked[:k])
    ranked = sorted(beams.items(), key=lambda kv: (-log_add(*kv[1]), len(kv[0]), kv[0]))
    return [(list(p), log_add(*s)) for p, s in ranked]


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------


def las_step(ref, encoded, enc_len):
    def step(tokens, t, states):
        h, c, ctx, align = states
        with torch.no_grad():
            lp, h, c, ctx, align = ref.decode_step(tokens, h, c, ctx, align, encoded, enc_len)
        return lp.double(), [h, c, ctx, align]
    return step


def las_states(n, s):
    align = torch.zeros(n, s)
    align[:, 0] = 1
    return [torch.zeros(n, 256), torch.zeros(n, 256), torch.zeros(n, 256), align]


def whisper_step(ref, encoded):
    def step(tokens, t, states):
        with torch.no_grad():
            outs = ref.decode_step(tokens[:, None], torch.full((tokens.shape[0],), t,
                                                              dtype=torch.int32),
                                   encoded, *states)
        return torch.log_softmax(outs[0][:, 0].double(), -1), list(outs[1:])
    return step


def repeat_rows(x, k):
    return x.repeat_interleave(k, 0)


def compare(name, got, want, check_scores=True):
    """got: [[Hypothesis]], want: [[(tokens, score, normalized, finished)]]."""
    worst = 0.0
    for b, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w):
            raise Failure("%s: utterance %d: %d hypotheses, reference %d" % (name, b, len(g), len(w)))
        for i, (gh, wh) in enumerate(zip(g, w)):
            if list(gh.tokens) != list(wh[0]):
                raise Failure("%s: utterance %d hypothesis %d: tokens %s, reference %s"
                              % (name, b, i, gh.tokens, wh[0]))
            if check_scores:
                err = abs(gh.score - wh[1])
                worst = max(worst, err)
                if err > SCORE_TOL * max(1.0, abs(wh[1])):
                    raise Failure("%s: utterance %d hypothesis %d: score %.6f, reference %.6f"
                                  % (name, b, i, gh.score, wh[1]))
                if len(wh) > 3 and bool(gh.finished) != bool(wh[3]):
                    raise Failure("%s: utterance %d hypothesis %d: finished %s, reference %s"
                                  % (name, b, i, gh.finished, wh[3]))
    return worst


class Suite:
    def __init__(self, verbose):
        self.passed, self.failed, self.verbose = 0, [], verbose

    def run(self, name, fn):
        t0 = time.time()
        try:
            note = fn()
            self.passed += 1
            print("PASS %s%s (%.2fs)" % (name, ": " + note if note else "", time.time() - t0))
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            self.failed.append(name)
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
        sys.stdout.flush()

    def finish(self, t0):
        """Prints the summary; the exit status."""
        print("\n%.1fs total\n%d passed, %d failed" % (time.time() - t0, self.passed,
                                                       len(self.failed)))
        for name in self.failed:
            print("  FAILED: " + name)
        return 1 if self.failed else 0


def import_family(name, example_spec, weights, d):
    """The PyTorch reference model with `weights`, imported by
    asr_import_torch.py --family with the example's decoding recipe: the
    spec a user gets from a torch.nn model. Returns (spec, weights)."""
    import json
    import torch
    state = os.path.join(d, "state_dict.pt")
    torch.save(R.build(name, weights).state_dict(), state)
    with open(example_spec) as f:
        recipe = json.load(f)["decoding"]
    spec = os.path.join(d, "imported.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "frontend", "torch", "asr_import_torch.py"),
                    "--family", name, "--state-dict", state, "--decoding", json.dumps(recipe),
                    "-o", spec], check=True, stdout=subprocess.DEVNULL)
    return spec, os.path.join(d, "imported.safetensors")


def compile_model(args, name):
    spec = os.path.join(ROOT, "examples", name, name + ".json")
    d = os.path.join(args.work_dir, name)
    os.makedirs(d, exist_ok=True)
    weights = os.path.join(d, "w.safetensors")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_weights.py"), spec,
                    "-o", weights, "--seed", "0"], check=True, stdout=subprocess.DEVNULL)
    if args.imported and name != "content_attention":
        spec, weights = import_family(name, spec, weights, d)
    subprocess.run([args.asrc, spec, "--weights", weights, "-o", os.path.join(d, "out"),
                    "--quiet"], check=True)
    lib = asrc_ctypes.Library(os.path.join(d, "out", "lib%s.so" % name))
    return lib, lib.create(weights), R.build(name, weights)


def test_las(suite, args):
    lib, model, ref = compile_model(args, "las")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 61, 40)).astype(np.float32)
    lengths = np.array([61, 40, 17], np.int32)
    with torch.no_grad():
        enc, enc_len = ref.encode(torch.from_numpy(x), torch.from_numpy(lengths))
    s = enc.shape[1]
    for k, max_len in ((1, 12), (4, 8)):
        def case(k=k, max_len=max_len):
            want = beam_search(las_step(ref, repeat_rows(enc, k), repeat_rows(enc_len, k)),
                               las_states(3 * k, s), 3, k, [1], 2, max_len, 1.0)
            got = model.decode(x, lengths, beam_width=k, max_length=max_len, nbest=k)
            worst = compare("las", got, want)
            return "3 utterances (T = 61, 40, 17), %d hypotheses each, score err %.1e" % (k, worst)
        suite.run("las %s (max_length %d) == PyTorch %s" % (
            "greedy" if k == 1 else "beam 4", max_len, "greedy loop" if k == 1 else "beam search"),
            case)

    # Length penalty 0 ranks by the summed log-probability.
    def penalty0():
        want = beam_search(las_step(ref, repeat_rows(enc, 4), repeat_rows(enc_len, 4)),
                           las_states(12, s), 3, 4, [1], 2, 6, 0.0)
        got = model.decode(x, lengths, beam_width=4, max_length=6, length_penalty=0.0, nbest=4)
        compare("las", got, want)
        return "ranking by summed log-probability matches"
    suite.run("las beam 4 length_penalty 0 == PyTorch beam search", penalty0)

    # A model whose end token wins: bias the output layer towards <eos> = 2
    # from the first step, so hypotheses finish (and finish early).
    def ends():
        w = os.path.join(args.work_dir, "las", "w.safetensors")
        biased = os.path.join(args.work_dir, "las", "w_eos.safetensors")
        tensors = R.load_safetensors(w)
        tensors["speller.output.bias"] = tensors["speller.output.bias"].copy()
        tensors["speller.output.bias"][2] += 4.0
        safetensors.write(biased, tensors)
        m2 = lib.create(biased)
        ref2 = R.build("las", biased)
        with torch.no_grad():
            enc2, len2 = ref2.encode(torch.from_numpy(x), torch.from_numpy(lengths))
        want = beam_search(las_step(ref2, repeat_rows(enc2, 4), repeat_rows(len2, 4)),
                           las_states(12, s), 3, 4, [1], 2, 10, 1.0)
        got = m2.decode(x, lengths, beam_width=4, max_length=10, nbest=4)
        compare("las", got, want)
        n_fin = sum(h.finished for hyps in got for h in hyps)
        if n_fin == 0:
            raise Failure("no hypothesis finished with the end token")
        return "%d of %d hypotheses end with <eos>" % (n_fin, sum(len(h) for h in got))
    suite.run("las beam 4 with hypotheses ending in <eos> == PyTorch beam search", ends)

    def errors():
        msgs = []
        for kw, what in (({"beam_width": 2, "nbest": 3}, "nbest 3 is more than beam_width 2"),
                         ({"beam_width": -1}, "must not be negative")):
            try:
                model.decode(x, lengths, **kw)
            except asrc_ctypes.AsrcError as e:
                if what not in e.message or e.code != asrc_ctypes.INVALID_ARGUMENT:
                    raise Failure("%s: got %s" % (kw, e))
                msgs.append(e.message)
                continue
            raise Failure("%s: no error" % kw)
        try:
            model.decode(x, beam_width=1)
        except asrc_ctypes.AsrcError as e:
            if "encode takes 2 inputs, got 1" not in e.message:
                raise Failure("wrong input count: %s" % e)
            msgs.append(e.message)
        else:
            raise Failure("wrong input count: no error")
        try:
            model.decode(x[:, :, :20].copy(), lengths)
        except asrc_ctypes.AsrcError as e:
            if "features" not in e.message:
                raise Failure("wrong feature shape: %s" % e)
            msgs.append(e.message)
        else:
            raise Failure("wrong feature shape: no error")
        return "; ".join(msgs)
    suite.run("las asrc_decode errors: nbest > beam, negative beam, input count, shapes", errors)


def test_whisper(suite, args):
    lib, model, ref = compile_model(args, "whisper_tiny")
    rng = np.random.default_rng(2)
    mel = rng.standard_normal((2, 60, 80)).astype(np.float32)
    with torch.no_grad():
        (enc,) = ref.encode(torch.from_numpy(mel))
    for k, max_len in ((1, 6), (4, 4)):
        def case(k=k, max_len=max_len):
            n = 2 * k
            caches = [torch.zeros(n, 448, 384) for _ in range(8)]
            want = beam_search(whisper_step(ref, repeat_rows(enc, k)), caches, 2, k, [50258],
                               50257, max_len, 1.0)
            got = model.decode(mel, beam_width=k, max_length=max_len, nbest=k)
            worst = compare("whisper_tiny", got, want)
            return "2 utterances, %d hypotheses each, score err %.1e" % (k, worst)
        suite.run("whisper_tiny %s (max_length %d) == PyTorch %s" % (
            "greedy" if k == 1 else "beam 4", max_len, "greedy loop" if k == 1 else "beam search"),
            case)


def test_ctc(suite, args):
    lib, model, ref = compile_model(args, "conformer_ctc")
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 83, 80)).astype(np.float32)
    lengths = np.array([83, 50, 21], np.int32)
    with torch.no_grad():
        lp, out_len = ref.encode(torch.from_numpy(x), torch.from_numpy(lengths))
    lp, out_len = lp.numpy(), out_len.numpy()
    for k in (1, 4):
        def case(k=k):
            want = []
            for b in range(3):
                hyps = (ctc_greedy(lp[b], out_len[b], 0) if k == 1
                        else ctc_prefix_beam(lp[b], out_len[b], 0, k))
                want.append([(t, s) for t, s in hyps])
            got = model.decode(x, lengths, beam_width=k, nbest=k)
            worst = compare("conformer_ctc", got, want)
            # The same decoder on the reference's log-probs, without the model.
            direct = lib.ctc_decode(lp, out_len.astype(np.int32), blank=0, beam_width=k, nbest=k)
            compare("asrc_ctc_decode", direct, want)
            return "3 utterances (frames %s), score err %.1e" % (out_len.tolist(), worst)
        suite.run("conformer_ctc CTC %s == reference" % ("greedy" if k == 1 else
                                                          "prefix beam 4"), case)

    # Hand-made log-probs: repeats merge, a blank separates a real repeat.
    def hand():
        seq = [1, 1, 0, 1, 2, 2, 0, 0, 3]
        v = 4
        lp1 = np.full((1, len(seq), v), math.log(0.02), np.float32)
        for t, s in enumerate(seq):
            lp1[0, t, s] = math.log(0.94)
        got = lib.ctc_decode(lp1, None, blank=0)[0][0].tokens
        if got != [1, 1, 2, 3]:
            raise Failure("greedy %s, expected [1, 1, 2, 3]" % got)
        beam = lib.ctc_decode(lp1, None, blank=0, beam_width=4)[0][0].tokens
        if beam != [1, 1, 2, 3]:
            raise Failure("prefix beam %s, expected [1, 1, 2, 3]" % beam)
        try:
            lib.ctc_decode(lp1, None, blank=4)
        except asrc_ctypes.AsrcError as e:
            if "blank 4 is not a token of the vocabulary of 4" not in e.message:
                raise
            return "[1 1 - 1 2 2 - - 3] -> [1, 1, 2, 3]; blank 4 rejected"
        raise Failure("blank 4 accepted")
    suite.run("asrc_ctc_decode on hand-made log-probs", hand)


def test_no_recipe(suite, args):
    def case():
        lib, model, _ = compile_model(args, "content_attention")
        x = np.zeros((1, 10, 40), np.float32)
        try:
            model.decode(x, np.array([10], np.int32))
        except asrc_ctypes.AsrcError as e:
            if "has no decoding recipe" not in e.message:
                raise
            return e.message
        raise Failure("no error")
    suite.run("content_attention (no recipe): asrc_decode fails clearly", case)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build", "bin", "asrc"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work-dir")
    ap.add_argument("--imported", action="store_true",
                    help="compile the specs asr_import_torch.py makes of the reference models "
                         "(with the examples' decoding recipes) instead of the examples")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv[1:])
    torch.set_num_threads(2)
    tmp = None
    if not args.work_dir:
        tmp = tempfile.TemporaryDirectory(dir=args.build_dir, prefix="decode-")
        args.work_dir = tmp.name
    t0 = time.time()
    suite = Suite(args.verbose)
    for fn in (test_ctc, test_las, test_whisper, test_no_recipe):
        fn(suite, args)
    return suite.finish(t0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
