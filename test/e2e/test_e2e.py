#!/usr/bin/env python3
"""End-to-end tests: compiled lib<model>.so vs the PyTorch references.

    /usr/bin/python3 test/e2e/test_e2e.py [--asrc build/bin/asrc] [--build-dir build]
        [--families content_attention,las,whisper_tiny,conformer_ctc]
        [--work-dir DIR] [--keep] [--reference-only] [-v]

For each example family (examples/<name>/<name>.json):
  1. random weights: scripts/gen_weights.py SPEC -o WORK/<name>/w.safetensors --seed 0
  2. compile once:   asrc SPEC --weights WORK/<name>/w.safetensors -o WORK/<name>/out --quiet
  3. every entry point on random inputs (fixed seeds) against
     test/e2e/reference_models.py: fp32 max abs error <= 1e-4 on valid frames,
     padded frames exactly 0 where the op defines them so (content attention's
     alignment, LSTM outputs, location attention's alignment), integer outputs
     (lengths) exact. Three time lengths per family, batch 1 and batch 3 (with
     different per-utterance lengths where the model takes lengths):
       content_attention  T = 1, 37, 100
       las                T = 4 (the smallest with one encoded frame: T -> T/4),
                          37, 100; decode_step over S = 1, 9, 25
       whisper_tiny       T = 1 (-> 1 frame after the stride-2 conv), 37, 100;
                          decode L = 1, 5, 17; decode_step positions 0, 36, 447
       conformer_ctc      T = 7 (the smallest with one frame after two 3x3
                          stride-2 convs), 37, 100
Plus: reference self-checks (no compiler needed), strided input views,
decode chains, a concurrency test (4 threads x 20 calls == sequential calls)
and runtime error tests through ctypes (bad inputs, bad weights files).

Prints one line per case, an error table per family/entry point and a final
"N passed, M failed" line; exits 1 on any failure.
"""
import argparse
import collections
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "python"))

import asrc_ctypes  # noqa: E402
import reference_models as R  # noqa: E402

TOL = 1e-4
FAMILIES = ["content_attention", "las", "whisper_tiny", "conformer_ctc"]


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class Failure(Exception):
    pass


class Suite:
    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []
        self.errors = collections.OrderedDict()  # (family, entry) -> max error
        self.verbose = verbose
        self.f64 = False
        self.errors64 = collections.OrderedDict()  # (family, entry) -> (asrc, torch fp32)

    def record_error64(self, family, entry, e_lib, e_ref):
        old = self.errors64.get((family, entry), (0.0, 0.0))
        self.errors64[(family, entry)] = (max(old[0], e_lib), max(old[1], e_ref))

    def record_error(self, family, entry, err):
        key = (family, entry)
        old = self.errors.get(key, 0.0)
        self.errors[key] = float("nan") if (err != err or old != old) else max(old, err)

    def run(self, name, fn):
        t0 = time.time()
        try:
            detail = fn()
        except (Failure, asrc_ctypes.AsrcError) as e:
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s: %s" % (name, e), flush=True)
            return False
        except Exception as e:  # noqa: BLE001 - a crash of the test is a failure too
            self.failed += 1
            self.failures.append(name)
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e), flush=True)
            traceback.print_exc()
            return False
        self.passed += 1
        dt = time.time() - t0
        print("PASS %s%s (%.2fs)" % (name, ": " + detail if detail else "", dt), flush=True)
        return True

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP %s: %s" % (name, why), flush=True)


def fmt(e):
    return "%.2e" % e


def describe_mismatch(name, got, ref, mask=None, ref64=None):
    """The first/max mismatching element, for failure messages."""
    diff = np.abs(got.astype(np.float64) - ref.astype(np.float64))
    if mask is not None:
        diff = np.where(mask, diff, 0.0)
    bad = np.argwhere(~(diff <= TOL))
    if bad.size == 0:
        bad = np.argwhere(np.isnan(got) | np.isnan(ref))
    lines = []
    if bad.size:
        first = tuple(bad[0])
        worst = np.unravel_index(np.nanargmax(np.where(np.isnan(diff), np.inf, diff)), diff.shape)
        lines.append("%s: %d elements off; first at %s: got %r, reference %r; max at %s: got "
                     "%r, reference %r" % (name, len(bad), first, float(got[first]),
                                          float(ref[first]), tuple(worst), float(got[worst]),
                                          float(ref[worst])))
        if ref64 is not None:
            d64 = np.abs(got.astype(np.float64) - ref64)
            r64 = np.abs(ref.astype(np.float64) - ref64)
            if mask is not None:
                d64, r64 = np.where(mask, d64, 0), np.where(mask, r64, 0)
            lines.append("   vs a float64 reference: compiled max err %s, fp32 reference max err "
                         "%s (so the %s is wrong)" % (fmt(np.nanmax(d64)), fmt(np.nanmax(r64)),
                                                     "compiler" if np.nanmax(d64) > 10 *
                                                     max(np.nanmax(r64), 1e-7) else
                                                     "reference, or both,"))
    return "\n   ".join(lines)


def compare_outputs(names, got, ref, valid=None, zero=None, ref64=None):
    """Compares lists of numpy outputs. valid[i]: bool mask of elements to
    compare (None = all); zero[i]: bool mask of elements that must be exactly 0.
    Returns ({name: max err}, [problems])."""
    errs, problems = collections.OrderedDict(), []
    for i, name in enumerate(names):
        g, r = got[i], ref[i]
        if tuple(g.shape) != tuple(r.shape):
            problems.append("%s: shape %s, reference %s" % (name, g.shape, r.shape))
            continue
        if np.issubdtype(r.dtype, np.integer):
            if g.dtype != r.dtype:
                problems.append("%s: dtype %s, reference %s" % (name, g.dtype, r.dtype))
            elif not np.array_equal(g, r):
                problems.append("%s: %s, reference %s" % (name, g.tolist(), r.tolist()))
            errs[name] = 0.0
            continue
        m = None if valid is None else valid[i]
        d = np.abs(g.astype(np.float64) - r.astype(np.float64))
        if m is not None:
            d = np.where(m, d, 0.0)
        err = float(np.max(d)) if d.size else 0.0
        if np.isnan(d).any():
            err = float("nan")
        errs[name] = err
        if not err <= TOL:
            problems.append(describe_mismatch(name, g, r, m,
                                              None if ref64 is None else ref64[i]))
        z = None if zero is None else zero[i]
        if z is not None and z.any():
            nz = np.argwhere(z & (g != 0))
            if nz.size:
                problems.append("%s: %d padded elements are not 0 (first at %s: %r)"
                                % (name, len(nz), tuple(nz[0]), float(g[tuple(nz[0])])))
    return errs, problems


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------


def to_torch(a):
    return torch.from_numpy(np.ascontiguousarray(a))


class Family:
    """One example model: spec, weights, reference, compiled library."""

    def __init__(self, name, work):
        self.name = name
        self.spec_path = os.path.join(ROOT, "examples", name, name + ".json")
        with open(self.spec_path) as f:
            self.spec = json.load(f)
        self.dir = os.path.join(work, name)
        self.weights = os.path.join(self.dir, "w.safetensors")
        self.out = os.path.join(self.dir, "out")
        self.ref = None
        self.ref64 = None
        self.lib = None
        self.model = None
        self.compile_proc = None
        self.compile_log = None
        self.compile_error = None
        self.compile_seconds = None

    def entry(self, name):
        for ep in self.spec["entry_points"]:
            if ep["name"] == name:
                return ep
        raise KeyError(name)

    def output_names(self, entry):
        return [o if isinstance(o, str) else o["name"] for o in self.entry(entry)["outputs"]]

    def reference(self, dtype=torch.float32):
        if dtype == torch.float32:
            if self.ref is None:
                self.ref = R.build(self.name, self.weights)
            return self.ref
        if self.ref64 is None:
            self.ref64 = R.build(self.name, self.weights, torch.float64)
        return self.ref64

    def run_ref(self, entry, inputs, dtype=torch.float32):
        model = self.reference(dtype)
        args = []
        for a in inputs:
            t = to_torch(a)
            if t.is_floating_point():
                t = t.to(dtype)
            args.append(t)
        with torch.no_grad():
            outs = getattr(model, entry)(*args)
        res = []
        for o in outs:
            o = o.detach().numpy()
            if dtype == torch.float32 or not np.issubdtype(o.dtype, np.floating):
                o = o.copy()
            res.append(o)
        return res

    def run_lib(self, entry, inputs, prepared=None, **kw):
        """Runs `entry` on the spec's inputs, in the spec's order. An entry
        whose per-utterance work asrc hoisted into <entry>_prepare runs it
        first (or reuses `prepared`, a dict of its outputs)."""
        if entry + "_prepare" not in self.model.library.entries:
            return list(self.model.call(entry, *inputs, **kw).values())
        names = [i["name"] for i in self.entry(entry)["inputs"]]
        outs, _ = self.model.call_prepared(entry, dict(zip(names, inputs)), prepared, **kw)
        return list(outs.values())

    def run_prepare(self, entry, inputs):
        """<entry>_prepare's outputs by name for the spec's inputs of `entry`."""
        names = [i["name"] for i in self.entry(entry)["inputs"]]
        return self.model.call_prepared(entry + "_prepare", dict(zip(names, inputs)))[0]

    def check(self, suite, entry, inputs, valid=None, zero=None, label="", note=""):
        """Runs entry on the library and the reference; compares."""
        names = self.output_names(entry)
        ref = self.run_ref(entry, inputs)
        try:
            got = self.run_lib(entry, inputs)
        except asrc_ctypes.AsrcError:
            suite.record_error(self.name, entry, float("inf"))
            raise
        if len(got) != len(ref):
            raise Failure("%d outputs, reference %d" % (len(got), len(ref)))
        v = valid(ref) if callable(valid) else valid
        z = zero(ref) if callable(zero) else zero
        errs, problems = compare_outputs(names, got, ref, v, z)
        ref64 = None
        if problems or suite.f64:
            ref64 = self.run_ref(entry, inputs, torch.float64)
        if problems:
            errs, problems = compare_outputs(names, got, ref, v, z, ref64)
        f64_note = ""
        if suite.f64 and ref64 is not None:
            e_lib = e_ref = 0.0
            for i in range(len(names)):
                if not np.issubdtype(ref64[i].dtype, np.floating) or got[i].shape != ref64[i].shape:
                    continue
                m = None if v is None else v[i]
                d_lib = np.abs(got[i].astype(np.float64) - ref64[i])
                d_ref = np.abs(ref[i].astype(np.float64) - ref64[i])
                if m is not None:
                    d_lib, d_ref = np.where(m, d_lib, 0), np.where(m, d_ref, 0)
                if d_lib.size:
                    e_lib, e_ref = max(e_lib, float(d_lib.max())), max(e_ref, float(d_ref.max()))
            suite.record_error64(self.name, entry, e_lib, e_ref)
            f64_note = " [vs float64: asrc %s, torch fp32 %s]" % (fmt(e_lib), fmt(e_ref))
        worst = max([e for e in errs.values() if e == e] or [0.0])
        if any(e != e for e in errs.values()):
            worst = float("nan")
        suite.record_error(self.name, entry, worst)
        detail = ", ".join("%s %s" % (k, fmt(e)) for k, e in errs.items()) + f64_note
        if note:
            detail += "; " + note
        if problems:
            raise Failure("%s\n   %s" % (detail, "\n   ".join(problems)))
        return detail


def padded_mask(lengths, t, trailing=()):
    """[B, t, *trailing] bool: True for frames past each length."""
    m = np.arange(t)[None, :] >= np.asarray(lengths)[:, None]
    return np.broadcast_to(m.reshape(m.shape + (1,) * len(trailing)),
                           m.shape + tuple(trailing)).copy()


def lengths_for(b, t, fractions):
    if b == 1:
        return np.array([t], np.int32)
    return np.array([max(1, int(round(t * f))) for f in fractions[:b]], np.int32)


# -- content attention ------------------------------------------------------


def test_content_attention(suite, fam, rng):
    for t in (1, 37, 100):
        for b in (1, 3):
            lengths = lengths_for(b, t, (1.0, 0.62, 0.17))
            x = rng.standard_normal((b, t, 40)).astype(np.float32)

            def case(x=x, lengths=lengths, t=t):
                pad = padded_mask(lengths, t)
                return fam.check(suite, "encode", [x, lengths],
                                 valid=[None, ~pad], zero=[None, pad],
                                 note="padded alignment exactly 0" if pad.any() else "")
            suite.run("content_attention.encode B=%d T=%d lengths=%s" % (b, t, lengths.tolist()),
                      case)


# -- LAS --------------------------------------------------------------------


def test_las(suite, fam, rng):
    encoded_cases = []
    for t in (4, 37, 100):
        for b in (1, 3):
            lengths = lengths_for(b, t, (1.0, 0.6, 0.25)) if t > 4 else np.full(b, 4, np.int32)
            lengths = np.maximum(lengths, 4).astype(np.int32)
            x = rng.standard_normal((b, t, 40)).astype(np.float32)

            def case(x=x, lengths=lengths, t=t):
                ref_len = R.conv_out_length(torch.from_numpy(lengths), 2, 2)
                ref_len = R.conv_out_length(ref_len, 2, 2).numpy()
                pad = padded_mask(ref_len, t // 4, (256,))
                return fam.check(suite, "encode", [x, lengths], valid=[~pad, None],
                                 zero=[pad, None],
                                 note="padded frames exactly 0" if pad.any() else "")
            suite.run("las.encode B=%d T=%d lengths=%s" % (b, t, lengths.tolist()), case)
            encoded_cases.append((b, t, x, lengths))

    # Packed-sequence semantics in the library itself: utterance i of a batch
    # equals the utterance run alone, truncated to its length.
    b, t, x, lengths = encoded_cases[-1]

    def batch_independence():
        enc, enc_len = fam.run_lib("encode", [x, lengths])
        worst = 0.0
        for i in range(b):
            alone, alone_len = fam.run_lib("encode", [x[i:i + 1, :lengths[i]].copy(),
                                                      lengths[i:i + 1].copy()])
            n = int(alone_len[0])
            if int(enc_len[i]) != n:
                raise Failure("utterance %d: encoded length %d in the batch, %d alone"
                              % (i, enc_len[i], n))
            worst = max(worst, float(np.abs(enc[i, :n] - alone[0, :n]).max()))
        if worst > TOL:
            raise Failure("batched vs alone: max err %s" % fmt(worst))
        return "batched vs alone max err %s" % fmt(worst)
    suite.run("las.encode batch of 3 == each utterance alone (T=%d, lengths=%s)"
              % (t, lengths.tolist()), batch_independence)

    # Utterances whose encoded length is 0 (T < 4): zero outputs, no crash.
    x = rng.standard_normal((3, 6, 40)).astype(np.float32)
    lengths = np.array([6, 3, 1], np.int32)

    def short():
        pad = padded_mask(np.array([1, 0, 0]), 1, (256,))
        return fam.check(suite, "encode", [x, lengths], valid=[~pad, None], zero=[pad, None])
    suite.run("las.encode short utterances B=3 T=6 lengths=[6, 3, 1] (encoded lengths 1, 0, 0)",
              short)

    # decode_step
    for s in (1, 9, 25):
        for b in (1, 3):
            enc_len = lengths_for(b, s, (1.0, 0.67, 0.2))
            inputs = las_step_inputs(rng, b, s, enc_len)

            def case(inputs=inputs, enc_len=enc_len, s=s):
                pad = padded_mask(enc_len, s)
                return fam.check(suite, "decode_step", inputs,
                                 valid=[None, None, None, None, ~pad],
                                 zero=[None, None, None, None, pad],
                                 note="padded alignment exactly 0" if pad.any() else "")
            suite.run("las.decode_step B=%d S=%d encoded_lengths=%s" % (b, s, enc_len.tolist()),
                      case)

    # A greedy decode: encode, then 6 steps, each side feeding back its own
    # state (the tokens are the reference's argmax, fed to both).
    x = rng.standard_normal((2, 53, 40)).astype(np.float32)
    lengths = np.array([53, 30], np.int32)

    def chain():
        enc_l, elen_l = fam.run_lib("encode", [x, lengths])
        enc_r, elen_r = fam.run_ref("encode", [x, lengths])
        s = enc_r.shape[1]
        state_l = [np.zeros((2, 256), np.float32)] * 3 + [
            (np.arange(s)[None, :] == 0).astype(np.float32).repeat(2, 0)]
        state_r = list(state_l)
        token = np.zeros(2, np.int32)
        worst = float(np.abs(enc_l - enc_r).max())
        # The per-utterance work (W_k h_i), once for the 6 steps.
        prep = fam.run_prepare("decode_step", [token] + state_l + [enc_l, elen_l])
        for step in range(6):
            out_l = fam.run_lib("decode_step", [token] + state_l + [enc_l, elen_l], prep)
            out_r = fam.run_ref("decode_step", [token] + state_r + [enc_r, elen_r])
            for a, r in zip(out_l, out_r):
                worst = max(worst, float(np.abs(a - r).max()))
            state_l, state_r = list(out_l[1:]), list(out_r[1:])
            token = out_r[0].argmax(-1).astype(np.int32)
        suite.record_error("las", "encode+decode_step chain", worst)
        if not worst <= TOL:
            raise Failure("max err %s over the chain" % fmt(worst))
        return "6 steps, max err %s" % fmt(worst)
    suite.run("las greedy chain (encode + 6 decode_steps, B=2)", chain)

    # Token ids outside [0, 32) are a run-time error (ASROps.td, embedding).
    def bad_token(tok):
        inputs = las_step_inputs(rng, 2, 5, np.array([5, 3], np.int32))
        inputs[0] = np.array([1, tok], np.int32)
        return expect_error(lambda: fam.run_lib("decode_step", inputs), [],
                            codes=(asrc_ctypes.KERNEL_ERROR, asrc_ctypes.INVALID_ARGUMENT))
    for tok in (32, -1):
        suite.run("las.decode_step token %d (vocabulary 32) raises" % tok,
                  lambda tok=tok: bad_token(tok))

    def s_mismatch():
        inputs = las_step_inputs(rng, 2, 5, np.array([5, 3], np.int32))
        inputs[4] = inputs[4][:, :4].copy()
        return expect_error(lambda: fam.run_lib("decode_step", inputs),
                            ["S"], codes=(asrc_ctypes.INVALID_ARGUMENT,))
    suite.run("las.decode_step prev_alignment S=4 vs encoded S=5 raises", s_mismatch)


def las_step_inputs(rng, b, s, enc_len):
    token = rng.integers(0, 32, size=b).astype(np.int32)
    h = (0.5 * rng.standard_normal((b, 256))).astype(np.float32)
    c = (0.5 * rng.standard_normal((b, 256))).astype(np.float32)
    ctx = (0.5 * rng.standard_normal((b, 256))).astype(np.float32)
    # A previous alignment: a distribution over the valid frames, 0 elsewhere.
    logits = rng.standard_normal((b, s))
    valid = np.arange(s)[None, :] < enc_len[:, None]
    p = np.where(valid, np.exp(logits), 0.0)
    p = (p / p.sum(-1, keepdims=True)).astype(np.float32)
    encoded = (0.5 * rng.standard_normal((b, s, 256))).astype(np.float32)
    return [token, h, c, ctx, p, encoded, enc_len.astype(np.int32)]


# -- Whisper ----------------------------------------------------------------

W_VOCAB, W_CTX, W_D = 51865, 448, 384


def test_whisper(suite, fam, rng):
    for t in (1, 37, 100):
        for b in (1, 3):
            mel = rng.standard_normal((b, t, 80)).astype(np.float32)
            suite.run("whisper_tiny.encode B=%d T=%d (-> %d frames)" % (b, t, (t - 1) // 2 + 1),
                      lambda mel=mel: fam.check(suite, "encode", [mel]))
    for length, s in ((1, 1), (5, 19), (17, 50)):
        for b in (1, 3):
            tokens = rng.integers(0, W_VOCAB, size=(b, length)).astype(np.int32)
            enc = rng.standard_normal((b, s, W_D)).astype(np.float32)
            suite.run("whisper_tiny.decode B=%d L=%d S=%d" % (b, length, s),
                      lambda tokens=tokens, enc=enc: fam.check(suite, "decode", [tokens, enc]))
    for b, positions, s in ((1, [0], 1), (1, [36], 19), (3, [0, 17, 447], 50)):
        inputs = whisper_step_inputs(rng, b, positions, s)
        suite.run("whisper_tiny.decode_step B=%d positions=%s S=%d (random caches)"
                  % (b, positions, s),
                  lambda inputs=inputs: fam.check(suite, "decode_step", inputs))

    # decode_step chained over a sequence == decode over the whole sequence.
    def chain():
        b, length, s = 2, 6, 19
        tokens = rng.integers(0, W_VOCAB, size=(b, length)).astype(np.int32)
        enc = rng.standard_normal((b, s, W_D)).astype(np.float32)
        (whole,) = fam.run_ref("decode", [tokens, enc])
        caches = [np.zeros((b, W_CTX, W_D), np.float32) for _ in range(8)]
        worst = 0.0
        # The cross-attention keys/values, once for the whole sequence.
        prep = fam.run_prepare("decode_step", [tokens[:, :1].copy(), np.zeros(b, np.int32), enc]
                               + caches)
        for i in range(length):
            outs = fam.run_lib("decode_step", [tokens[:, i:i + 1].copy(),
                                               np.full(b, i, np.int32), enc] + caches, prep)
            worst = max(worst, float(np.abs(outs[0][:, 0] - whole[:, i]).max()))
            caches = outs[1:]
        suite.record_error("whisper_tiny", "decode_step chain vs decode", worst)
        if not worst <= TOL:
            raise Failure("max err %s" % fmt(worst))
        return "%d steps vs the reference decode: max err %s" % (length, fmt(worst))
    suite.run("whisper_tiny decode_step x6 (B=2) == reference decode", chain)

    # Out-of-range positions and token ids are run-time errors (ASROps.td:
    # learned_position "Positions past N are an error at run time", embedding
    # "Ids outside [0, V) are an error at run time").
    KE = (asrc_ctypes.KERNEL_ERROR, asrc_ctypes.INVALID_ARGUMENT)

    def bad_step(position, token):
        inputs = whisper_step_inputs(rng, 1, [position], 3)
        inputs[0] = np.array([[token]], np.int32)
        before = [c.copy() for c in inputs[3:]]
        msg = expect_error(lambda: fam.run_lib("decode_step", inputs), [], codes=KE)
        if any(not np.array_equal(a, c) for a, c in zip(before, inputs[3:])):
            raise Failure("the input caches were modified")
        return msg
    for position, token, what in ((448, 7, "position 448 (past the 448-entry table)"),
                                  (-1, 7, "position -1"),
                                  (0, W_VOCAB, "token 51865 (vocabulary is 51865)"),
                                  (0, -1, "token -1")):
        suite.run("whisper_tiny.decode_step %s raises" % what,
                  lambda position=position, token=token: bad_step(position, token))

    def too_long():
        tokens = np.zeros((1, W_CTX + 1), np.int32)
        enc = rng.standard_normal((1, 2, W_D)).astype(np.float32)
        return expect_error(lambda: fam.run_lib("decode", [tokens, enc]), [], codes=KE)
    suite.run("whisper_tiny.decode L=449 (> 448 positions) raises", too_long)

    def cache_shape():
        inputs = whisper_step_inputs(rng, 1, [0], 3)
        inputs[3] = inputs[3][:, :100].copy()
        return expect_error(lambda: fam.run_lib("decode_step", inputs),
                            ["self_k_0", "448"], codes=(asrc_ctypes.INVALID_ARGUMENT,))
    suite.run("whisper_tiny.decode_step cache of the wrong shape raises", cache_shape)

    # Prepared cross-attention keys/values of another utterance batch: the
    # step's B (from token) disagrees with theirs.
    def prepared_batch():
        prep = fam.run_prepare("decode_step", whisper_step_inputs(rng, 2, [0, 0], 3))
        inputs = whisper_step_inputs(rng, 1, [0], 3)
        return expect_error(lambda: fam.run_lib("decode_step", inputs, prep),
                            ["blocks_0_cross_attn_attention_k_heads", "B"],
                            codes=(asrc_ctypes.INVALID_ARGUMENT,))
    suite.run("whisper_tiny.decode_step with prepared inputs of batch 2 for B=1 raises",
              prepared_batch)


def whisper_step_inputs(rng, b, positions, s):
    token = rng.integers(0, W_VOCAB, size=(b, 1)).astype(np.int32)
    position = np.array(positions, np.int32)
    enc = rng.standard_normal((b, s, W_D)).astype(np.float32)
    caches = [rng.standard_normal((b, W_CTX, W_D)).astype(np.float32) for _ in range(8)]
    return [token, position, enc] + caches


# -- Conformer ----------------------------------------------------------------


def conformer_frames(t):
    return max(0, (max(0, (t - 3) // 2 + 1) - 3) // 2 + 1)


def test_conformer(suite, fam, rng):
    for t in (7, 37, 100):
        for b in (1, 3):
            lengths = lengths_for(b, t, (1.0, 0.67, 0.3)) if t > 7 else np.full(b, 7, np.int32)
            lengths = np.maximum(lengths, 7).astype(np.int32)
            x = rng.standard_normal((b, t, 80)).astype(np.float32)

            def case(x=x, lengths=lengths, t=t):
                out_len = np.array([conformer_frames(int(n)) for n in lengths])
                pad = padded_mask(out_len, conformer_frames(t), (32,))
                return fam.check(suite, "encode", [x, lengths], valid=[~pad, None])
            suite.run("conformer_ctc.encode B=%d T=%d (-> %d frames) lengths=%s"
                      % (b, t, conformer_frames(t), lengths.tolist()), case)

    # Utterances with 0 output frames: their attention rows are all masked
    # (asr.softmax: all zero); no NaN anywhere, utterance 0 unaffected.
    x = rng.standard_normal((3, 29, 80)).astype(np.float32)
    lengths = np.array([29, 6, 2], np.int32)

    def short():
        out_len = np.array([conformer_frames(int(n)) for n in lengths])
        pad = padded_mask(out_len, conformer_frames(29), (32,))
        detail = fam.check(suite, "encode", [x, lengths], valid=[~pad, None])
        got = fam.run_lib("encode", [x, lengths])[0]
        if not np.isfinite(got).all():
            raise Failure("non-finite outputs: %s" % detail)
        return detail + "; all outputs finite"
    suite.run("conformer_ctc.encode short utterances B=3 T=29 lengths=[29, 6, 2] "
              "(output lengths 6, 0, 0)", short)


def test_empty_outputs(suite, fam, rng, feat, ts, out_shape):
    """T so short that the encoder output has 0 frames (LAS: T < 4, Conformer:
    T < 7). The shape rules give 0-frame results (conv lengths and lengths
    clamp at 0; frame_concat drops incomplete groups), so the library must
    return them (lengths 0), or reject the input with a clear
    INVALID_ARGUMENT error; never fail inside a kernel or crash."""
    for t in ts:
        x = rng.standard_normal((2, t, feat)).astype(np.float32)
        lengths = np.array([t, max(1, t - 1)], np.int32)

        def case(x=x, lengths=lengths, t=t):
            try:
                out, out_len = fam.run_lib("encode", [x, lengths])
            except asrc_ctypes.AsrcError as e:
                if e.code != asrc_ctypes.INVALID_ARGUMENT:
                    raise Failure("expected empty outputs or an INVALID_ARGUMENT error, got %s"
                                  % e)
                return "rejected: %s" % e.message
            want = (2, 0) + tuple(out_shape)
            if out.shape != want or out_len.tolist() != [0, 0]:
                raise Failure("got shape %s lengths %s, expected %s lengths [0, 0]"
                              % (out.shape, out_len.tolist(), want))
            return "empty output %s, lengths [0, 0]" % (out.shape,)
        suite.run("%s.encode T=%d: 0 output frames (B=2, lengths=%s)"
                  % (fam.name, t, lengths.tolist()), case)


# ---------------------------------------------------------------------------
# Strided views, concurrency, errors
# ---------------------------------------------------------------------------


def test_strided(suite, fam, rng, feat, with_lengths=True):
    """encode on strided input views == encode on dense copies (bitwise)."""
    b, t = 3, 41
    lengths = np.array([41, 30, 9], np.int32)
    # (a) a time window of a larger buffer: inner stride 1, outer strides not dense
    big_a = rng.standard_normal((b, t + 12, feat)).astype(np.float32)
    view_a = big_a[:, 5:5 + t]
    # (b) transposed storage and every other channel: no dim has stride 1
    big_b = rng.standard_normal((t, b, 2 * feat)).astype(np.float32)
    view_b = big_b.transpose(1, 0, 2)[:, :, ::2]
    len_view = np.stack([lengths, -lengths], 1)[:, 0]   # lengths with stride 2
    assert not view_a.flags.c_contiguous and not view_b.flags.c_contiguous
    assert not len_view.flags.c_contiguous

    def run_case(x, n):
        dense_in = [np.ascontiguousarray(x)] + ([lengths.copy()] if with_lengths else [])
        strided_in = [x] + ([n] if with_lengths else [])
        dense = fam.run_lib("encode", dense_in)
        strided = fam.run_lib("encode", strided_in)
        explicit = fam.run_lib("encode", dense_in, strides="explicit")
        worst = 0.0
        for d, s_, e in zip(dense, strided, explicit):
            if d.shape != s_.shape or d.shape != e.shape:
                raise Failure("shapes differ: %s / %s / %s" % (d.shape, s_.shape, e.shape))
            worst = max(worst, float(np.abs(d.astype(np.float64) - s_).max()),
                        float(np.abs(d.astype(np.float64) - e).max()))
        if worst > 0:
            raise Failure("strided vs dense inputs: max difference %s (expected identical)"
                          % fmt(worst))
        return "identical to dense inputs (and to explicit dense strides)"
    cases = [("features: time window, strides %s" % ([s // 4 for s in view_a.strides],),
              view_a, lengths),
             ("features: transposed + every other channel, strides %s"
              % ([s // 4 for s in view_b.strides],), view_b, lengths)]
    if with_lengths:
        cases.append(("lengths: stride 2", np.ascontiguousarray(view_a), len_view))
    for tag, x, n in cases:
        suite.run("%s.encode strided input view (%s)" % (fam.name, tag),
                  lambda x=x, n=n: run_case(x, n))


def test_concurrency(suite, fam, rng, feat, threads=4, calls=20, with_lengths=True,
                     max_t=120):
    """One model, `threads` Python threads x `calls` calls of encode with
    different inputs (batch 1..3, random T and lengths): every result must be
    identical to the same call made sequentially."""
    jobs = []
    for i in range(threads * calls):
        b = 1 + i % 3
        t = int(rng.integers(8, max_t))
        lengths = rng.integers(max(1, t // 3), t + 1, size=b).astype(np.int32)
        lengths[0] = t
        x = rng.standard_normal((b, t, feat)).astype(np.float32)
        jobs.append((x, lengths) if with_lengths else (x,))

    def case():
        t0 = time.time()
        sequential = [fam.run_lib("encode", list(j)) for j in jobs]
        t_seq = time.time() - t0
        results = [None] * len(jobs)
        errors = []

        def worker(k):
            try:
                for i in range(k, len(jobs), threads):
                    results[i] = fam.run_lib("encode", list(jobs[i]))
            except Exception as e:  # noqa: BLE001
                errors.append("thread %d: %s" % (k, e))
        t0 = time.time()
        ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
        for th in ts:
            th.start()
        for th in ts:
            th.join()
        t_par = time.time() - t0
        if errors:
            raise Failure("; ".join(errors))
        for i, (s, p) in enumerate(zip(sequential, results)):
            for a, c in zip(s, p):
                if a.shape != c.shape or not np.array_equal(a, c):
                    diff = np.abs(a - c).max() if a.shape == c.shape else "shape"
                    raise Failure("call %d (B=%d T=%d): threaded result differs from the "
                                  "sequential one (max diff %s)" % (i, jobs[i][0].shape[0],
                                                                    jobs[i][0].shape[1], diff))
        return "%d threads x %d calls identical to sequential (%.2fs sequential, %.2fs threaded)" \
            % (threads, calls, t_seq, t_par)
    suite.run("%s concurrency: %d threads x %d calls" % (fam.name, threads, calls), case)


def expect_error(fn, substrings, codes=None):
    """Runs fn, which must raise AsrcError whose message has every substring."""
    try:
        fn()
    except asrc_ctypes.AsrcError as e:
        msg = e.message
        missing = [s for s in substrings if s not in msg]
        if missing:
            raise Failure("message %r lacks %s" % (msg, missing))
        if codes is not None and e.code not in codes:
            raise Failure("code %s for %r, expected %s"
                          % (e.code_name, msg, [asrc_ctypes.ERROR_CODES[c] for c in codes]))
        if not msg:
            raise Failure("empty message")
        return "%s: %s" % (e.code_name, msg)
    raise Failure("no error raised")


def test_errors(suite, fam, work, asrc_bin):
    """Runtime errors through ctypes, on content_attention (features [B, T, 40] f32,
    lengths [B] i32)."""
    lib, weights = fam.lib, fam.weights
    model = fam.model
    x = np.random.default_rng(5).standard_normal((2, 20, 40)).astype(np.float32)
    lengths = np.array([20, 11], np.int32)
    IA = (asrc_ctypes.INVALID_ARGUMENT,)
    cases = [
        ("wrong input rank", lambda: model.call("encode", x[0], lengths),
         ["features", "rank 2", "rank 3"], IA),
        ("wrong feature dim", lambda: model.call("encode", x[:, :, :39].copy(), lengths),
         ["features", "[2, 20, 39]", "40"], IA),
        ("wrong input dtype (i32 features)",
         lambda: model.call("encode", x.astype(np.int32), lengths), ["features", "dtype"], IA),
        ("wrong input dtype (i64 lengths)",
         lambda: model.call("encode", x, lengths.astype(np.int64)), ["lengths", "i64", "i32"],
         IA),
        ("wrong input dtype (f32 lengths)",
         lambda: model.call("encode", x, lengths.astype(np.float32)), ["lengths", "dtype"], IA),
        ("batch size disagreement", lambda: model.call("encode", x, lengths[:1].copy()),
         ["lengths", "B"], IA),
        ("NULL input", lambda: model.call("encode", None, lengths), ["features", "NULL"], IA),
        ("negative strides", lambda: model.call("encode", x[:, ::-1], lengths),
         ["features", "strides"], IA),
        ("preallocated output of the wrong shape",
         lambda: model.call("encode", x, lengths, out={"log_probs": np.zeros((2, 9), np.float32)}),
         ["log_probs", "shape"], IA),
        ("NULL weights path", lambda: lib.create(None), ["weights path is NULL"], IA),
        ("missing weights file", lambda: lib.create(os.path.join(work, "nope.safetensors")),
         ["cannot open weights file", "nope.safetensors"], (asrc_ctypes.IO_ERROR,)),
        ("weights path is a directory", lambda: lib.create(work), ["directory"],
         (asrc_ctypes.IO_ERROR,)),
    ]
    blob = open(weights, "rb").read()
    bad_files = {
        "truncated (half the file)": blob[:len(blob) // 2],
        "truncated (inside the header)": blob[:100],
        "truncated (4 bytes)": blob[:4],
        "empty": b"",
        "header not JSON": blob[:8] + b"{" * (len(blob) - 8),
    }
    for k, (what, data) in enumerate(bad_files.items()):
        path = os.path.join(work, "bad_%d.safetensors" % k)
        with open(path, "wb") as f:
            f.write(data)
        cases.append(("weights file %s" % what, lambda path=path: lib.create(path),
                      [os.path.basename(path)], (asrc_ctypes.BAD_WEIGHTS,)))

    # Weights that do not match the model: a modified spec copy through gen_weights.
    def variant(tag, edit):
        spec = json.loads(json.dumps(fam.spec))
        edit(spec["weights"]["tensors"])
        spec_path = os.path.join(work, "spec_%s.json" % tag)
        with open(spec_path, "w") as f:
            json.dump(spec, f)
        out = os.path.join(work, "w_%s.safetensors" % tag)
        run([sys.executable, os.path.join(ROOT, "scripts", "gen_weights.py"), spec_path,
             "-o", out, "--seed", "0"])
        return out

    def shape_edit(t):
        t["classifier.0.weight"]["shape"] = [64, 127]

    def missing_edit(t):
        # (Not attention.bias: the compiled model does not read it, since the
        # softmax cancels a constant score bias; see DecomposeContentAttention.)
        del t["attention.weight"]

    def dtype_edit(t):
        t["frontend.conv1.bias"]["dtype"] = "F16"
    bw = (asrc_ctypes.BAD_WEIGHTS,)
    cases += [
        ("weight of the wrong shape", lambda: lib.create(variant("shape", shape_edit)),
         ["classifier.0.weight", "[64, 127]", "[64, 128]"], bw),
        ("weight missing", lambda: lib.create(variant("missing", missing_edit)),
         ["attention.weight", "missing"], bw),
        ("weight of the wrong dtype", lambda: lib.create(variant("dtype", dtype_edit)),
         ["frontend.conv1.bias", "F16", "F32"], bw),
    ]
    for name, fn, subs, codes in cases:
        suite.run("content_attention error: %s" % name,
                  lambda fn=fn, subs=subs, codes=codes: expect_error(fn, subs, codes))

    def still_works():
        a = model.call("encode", x, lengths)
        ref = fam.run_ref("encode", [x, lengths])
        err = max(float(np.abs(a["log_probs"] - ref[0]).max()),
                  float(np.abs(list(a.values())[1] - ref[1]).max()))
        if err > TOL:
            raise Failure("max err %s after the failed calls" % fmt(err))
        return "max err %s" % fmt(err)
    suite.run("content_attention: the model still works after the failed calls", still_works)


# ---------------------------------------------------------------------------
# Reference self-checks (no compiler needed)
# ---------------------------------------------------------------------------


def reference_checks(suite, families, rng):
    torch.manual_seed(0)

    def close(name, a, b, tol=1e-5):
        err = float((a.double() - b.double()).abs().max()) if a.numel() else 0.0
        if not err <= tol:
            raise Failure("%s: max err %s" % (name, fmt(err)))
        return err

    if "las" in families:
        fam = families["las"]
        m = fam.reference(torch.float64)

        def lstm_loop():
            """Packed nn.LSTM vs a hand-written masked loop over explicit gates."""
            lstm = m.listener.blstm0
            x = torch.randn(3, 23, 40, dtype=torch.float64)
            lengths = torch.tensor([23, 15, 4], dtype=torch.int32)
            got = R.run_packed_lstm(lstm, x, lengths)
            want = torch.zeros(3, 23, 256, dtype=torch.float64)
            for d, sfx in enumerate(("", "_reverse")):
                w_ih = getattr(lstm, "weight_ih_l0" + sfx)
                w_hh = getattr(lstm, "weight_hh_l0" + sfx)
                bias = getattr(lstm, "bias_ih_l0" + sfx) + getattr(lstm, "bias_hh_l0" + sfx)
                for b in range(3):
                    h = torch.zeros(128, dtype=torch.float64)
                    c = torch.zeros(128, dtype=torch.float64)
                    n = int(lengths[b])
                    for t in (range(n) if d == 0 else range(n - 1, -1, -1)):
                        g = w_ih @ x[b, t] + w_hh @ h + bias
                        i, f, gg, o = g.split(128)
                        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(gg)
                        h = torch.sigmoid(o) * torch.tanh(c)
                        want[b, t, d * 128:(d + 1) * 128] = h
            return "max err %s" % fmt(close("blstm", got, want, 1e-10))
        suite.run("reference: LAS packed BLSTM == explicit masked gate loop", lstm_loop)

        def las_alone():
            x = torch.randn(3, 37, 40, dtype=torch.float64)
            lengths = torch.tensor([37, 22, 9], dtype=torch.int32)
            enc, enc_len = m.encode(x, lengths)
            worst = 0.0
            for b in range(3):
                n = int(lengths[b])
                e1, l1 = m.encode(x[b:b + 1, :n], lengths[b:b + 1])
                k = int(l1[0])
                assert k == int(enc_len[b])
                worst = max(worst, close("utt %d" % b, enc[b, :k], e1[0, :k], 1e-10))
                assert float(enc[b, k:].abs().max() if k < enc.shape[1] else 0) == 0
            return "max err %s, padded frames 0" % fmt(worst)
        with torch.no_grad():
            suite.run("reference: LAS encode batch == each utterance alone", las_alone)

        def location_attention():
            att = m.speller.attention
            q = torch.randn(2, 256, dtype=torch.float64)
            keys = torch.randn(2, 9, 256, dtype=torch.float64)
            prev = torch.rand(2, 9, dtype=torch.float64)
            kl = torch.tensor([9, 5], dtype=torch.int32)
            ctx, p = att(q, keys, prev, kl)
            # numpy loops straight from the formula
            Wq, Wk, bk = att.query.weight.numpy(), att.key.weight.numpy(), att.key.bias.numpy()
            Wf, filt, v = att.location.weight.numpy(), att.location_conv.weight.numpy(), \
                att.v.detach().numpy()
            K = filt.shape[2]
            for b in range(2):
                a = prev[b].numpy()
                n = int(kl[b])
                scores = np.full(9, -np.inf)
                for t in range(n):
                    f = np.array([sum(filt[c, 0, j] * a[t + j - K // 2]
                                      for j in range(K) if 0 <= t + j - K // 2 < 9)
                                  for c in range(filt.shape[0])])
                    scores[t] = v @ np.tanh(Wq @ q[b].numpy() + Wk @ keys[b, t].numpy() + bk
                                            + Wf @ f)
                pw = np.exp(scores - scores[:n].max())
                pw /= pw.sum()
                close("alignment", p[b], torch.from_numpy(pw), 1e-10)
                close("context", ctx[b], torch.from_numpy(pw @ keys[b].numpy()), 1e-10)
            return "alignment and context match"
        with torch.no_grad():
            suite.run("reference: LAS location attention == numpy formula loop",
                      location_attention)

    if "whisper_tiny" in families:
        fam = families["whisper_tiny"]
        m = fam.reference(torch.float64)

        def mha_vs_torch():
            blk = m.decoder.blocks[0]
            worst = 0.0
            for att, causal, cross in ((blk.attn, True, False), (blk.cross_attn, False, True)):
                mha = torch.nn.MultiheadAttention(384, 6, batch_first=True).double()
                with torch.no_grad():
                    mha.in_proj_weight.copy_(torch.cat([att.query.weight, att.key.weight,
                                                        att.value.weight]))
                    mha.in_proj_bias.copy_(torch.cat([att.query.bias, torch.zeros(384),
                                                      att.value.bias]))
                    mha.out_proj.weight.copy_(att.out.weight)
                    mha.out_proj.bias.copy_(att.out.bias)
                x = torch.randn(2, 7, 384, dtype=torch.float64)
                xa = torch.randn(2, 11, 384, dtype=torch.float64) if cross else x
                mask = torch.triu(torch.ones(7, 7, dtype=torch.bool), 1) if causal else None
                want, _ = mha(x, xa, xa, attn_mask=mask, need_weights=False)
                got = att(x, xa if cross else None, causal=causal)
                worst = max(worst, close("mha", got, want, 1e-10))
            return "self (causal) and cross attention: max err %s" % fmt(worst)
        with torch.no_grad():
            suite.run("reference: Whisper attention == nn.MultiheadAttention", mha_vs_torch)

        def step_chain():
            b, length, s = 2, 5, 7
            tokens = torch.randint(0, W_VOCAB, (b, length), dtype=torch.int32)
            enc = torch.randn(b, s, 384, dtype=torch.float64)
            (whole,) = m.decode(tokens, enc)
            caches = [torch.zeros(b, W_CTX, 384, dtype=torch.float64) for _ in range(8)]
            worst = 0.0
            for i in range(length):
                outs = m.decode_step(tokens[:, i:i + 1], torch.full((b,), i, dtype=torch.int32),
                                     enc, *caches)
                worst = max(worst, close("step %d" % i, outs[0][:, 0], whole[:, i], 1e-9))
                caches = outs[1:]
            # Per-utterance positions in one batch == separate calls.
            pos = torch.tensor([3, 0], dtype=torch.int32)
            tok = tokens[:, :1]
            both = m.decode_step(tok, pos, enc, *caches)
            for i in range(b):
                one = m.decode_step(tok[i:i + 1], pos[i:i + 1], enc[i:i + 1],
                                    *[c[i:i + 1] for c in caches])
                for x, y in zip(both, one):
                    worst = max(worst, close("batched step", x[i:i + 1], y, 1e-9))
            return "decode_step x%d == decode; batched positions == separate: max err %s" % (
                length, fmt(worst))
        with torch.no_grad():
            suite.run("reference: Whisper decode_step chain == decode", step_chain)

    def tables():
        d = 384
        tab = R.whisper_sinusoids(50, d).numpy()
        pos = np.arange(50)[:, None]
        i = np.arange(d // 2)[None, :]
        inc = np.log(10000.0) / (d // 2 - 1)
        want = np.concatenate([np.sin(pos * np.exp(-inc * i)), np.cos(pos * np.exp(-inc * i))], 1)
        e1 = float(np.abs(tab - want).max())
        d = 144
        tab = R.vaswani_positions(50, d).numpy()
        want = np.zeros((50, d))
        for p in range(50):
            for k in range(0, d, 2):
                want[p, k] = np.sin(p / 10000 ** (k / d))
                want[p, k + 1] = np.cos(p / 10000 ** (k / d))
        e2 = float(np.abs(tab - want).max())
        if max(e1, e2) > 1e-9:
            raise Failure("whisper %s, vaswani %s" % (fmt(e1), fmt(e2)))
        return "whisper concat %s, vaswani interleaved %s" % (fmt(e1), fmt(e2))
    suite.run("reference: sinusoidal tables == closed forms", tables)

    if "conformer_ctc" in families:
        fam = families["conformer_ctc"]
        m = fam.reference(torch.float64)

        def conformer_mha():
            att = m.encoder.layers[0].self_attn
            mha = torch.nn.MultiheadAttention(144, 4, batch_first=True).double()
            with torch.no_grad():
                mha.in_proj_weight.copy_(torch.cat([att.query.weight, att.key.weight,
                                                    att.value.weight]))
                mha.in_proj_bias.copy_(torch.cat([att.query.bias, att.key.bias, att.value.bias]))
                mha.out_proj.weight.copy_(att.out.weight)
                mha.out_proj.bias.copy_(att.out.bias)
            x = torch.randn(3, 9, 144, dtype=torch.float64)
            lengths = torch.tensor([9, 6, 2])
            key_mask = R.length_mask(lengths, 9)
            want, _ = mha(x, x, x, key_padding_mask=~key_mask, need_weights=False)
            got = att(x, key_mask)
            return "max err %s" % fmt(close("mha", got, want, 1e-10))
        with torch.no_grad():
            suite.run("reference: Conformer attention == nn.MultiheadAttention "
                      "(key_padding_mask)", conformer_mha)

        def lengths_rule():
            for t in range(7, 40):
                x = torch.randn(1, t, 80, dtype=torch.float64)
                y, n = m.encoder.subsampling(x, torch.tensor([t], dtype=torch.int32))
                if y.shape[1] != int(n[0]) or y.shape[1] != conformer_frames(t):
                    raise Failure("T=%d: %d frames, lengths %d" % (t, y.shape[1], int(n[0])))
            return "T = 7..39"
        with torch.no_grad():
            suite.run("reference: Conformer subsampled lengths == conv output frames",
                      lengths_rule)


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode,
                                                    p.stdout.decode("utf-8", "replace")))
    return p.stdout.decode("utf-8", "replace")


# --device: where every model under test runs ("auto", "host" or "cuda").
DEVICE = ["auto"]


def start_compile(fam, asrc_bin, extra=()):
    os.makedirs(fam.out, exist_ok=True)
    fam.compile_log = open(os.path.join(fam.dir, "asrc.log"), "w+b")
    fam.compile_start = time.time()
    fam.compile_proc = subprocess.Popen(
        [asrc_bin, fam.spec_path, "--weights", fam.weights, "-o", fam.out, "--quiet"] +
        list(extra),
        stdout=fam.compile_log, stderr=subprocess.STDOUT)


def finish_compile(fam):
    """Waits for the compile; loads the library and creates the model."""
    if fam.compile_proc is None:
        return fam.model is not None
    rc = fam.compile_proc.wait()
    fam.compile_seconds = time.time() - fam.compile_start
    fam.compile_proc = None
    fam.compile_log.seek(0)
    log = fam.compile_log.read().decode("utf-8", "replace")
    fam.compile_log.close()
    so = os.path.join(fam.out, "lib%s.so" % fam.name)
    if rc != 0 or not os.path.exists(so):
        fam.compile_error = "asrc exited with %d%s:\n%s" % (
            rc, "" if os.path.exists(so) else " and wrote no %s" % so, log[-4000:])
        return False
    fam.lib = asrc_ctypes.Library(so)
    fam.model = fam.lib.create(fam.weights, threads=0, device=DEVICE[0])
    where = fam.model.device()
    if DEVICE[0] == "cuda" and not where.startswith("cuda"):
        fam.compile_error = "created with device cuda but the model runs on %s" % where
        return False
    return True


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asrc", default=os.path.join(ROOT, "build", "bin", "asrc"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--work-dir", help="where weights and libraries go (default: a temporary "
                    "directory under the build dir, removed afterwards unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--jobs", type=int, default=2, help="parallel compiles (default 2)")
    ap.add_argument("--reference-only", action="store_true",
                    help="only the reference self-checks (no compiler)")
    ap.add_argument("--asrc-arg", action="append", default=[],
                    help="an extra asrc argument (repeatable), e.g. --asrc-arg=-O0 for the "
                    "naive kernel schedules")
    ap.add_argument("--f64", action="store_true", help="also compare both sides with a "
                    "float64 reference (slower; shows which side the error comes from)")
    ap.add_argument("--device", default="auto", choices=["auto", "host", "cuda"],
                    help="where the models run (with --asrc-arg=--target=host,cuda: cuda tests "
                         "the CUDA path; ASRC_CUDA_DRIVER may name the CPU emulator)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv[1:])
    DEVICE[0] = args.device

    t_start = time.time()
    names = [n for n in args.families.split(",") if n]
    for n in names:
        if n not in FAMILIES:
            ap.error("unknown family %r (have %s)" % (n, ", ".join(FAMILIES)))
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if args.work_dir:
        work = os.path.abspath(args.work_dir)
        os.makedirs(work, exist_ok=True)
    else:
        base = os.path.join(os.path.abspath(args.build_dir), "test", "e2e")
        try:
            os.makedirs(base, exist_ok=True)
        except OSError:
            base = None
        work = tempfile.mkdtemp(prefix="e2e-", dir=base)
    print("work dir: %s" % work, flush=True)

    suite = Suite(args.verbose)
    suite.f64 = args.f64
    families = collections.OrderedDict((n, Family(n, work)) for n in names)

    # Weights for every family (needed by the references too).
    t0 = time.time()
    for fam in families.values():
        os.makedirs(fam.dir, exist_ok=True)
        run([sys.executable, os.path.join(ROOT, "scripts", "gen_weights.py"), fam.spec_path,
             "-o", fam.weights, "--seed", "0"])
    print("weights generated (%.1fs)" % (time.time() - t0), flush=True)

    # Compiles run in the background, --jobs at a time, while the reference
    # self-checks run.
    pending = [] if args.reference_only else list(families.values())
    if not args.reference_only and not os.path.exists(args.asrc):
        print("asrc not found at %s" % args.asrc)
        return 1
    running = []

    def pump():
        while pending and len([f for f in running if f.compile_proc and
                               f.compile_proc.poll() is None]) < max(1, args.jobs):
            fam = pending.pop(0)
            start_compile(fam, args.asrc, args.asrc_arg)
            running.append(fam)
    pump()

    rng = np.random.default_rng(1234)
    reference_checks(suite, families, rng)
    if args.reference_only:
        return summary(suite, t_start, families, work, args)

    tests = {"content_attention": test_content_attention, "las": test_las,
             "whisper_tiny": test_whisper, "conformer_ctc": test_conformer}
    for fam in families.values():
        while fam.compile_proc is None and fam in pending:
            pump()
            time.sleep(0.1)
        # Keep the other compile slot busy while waiting for this one.
        while fam.compile_proc is not None and fam.compile_proc.poll() is None:
            pump()
            time.sleep(0.1)
        pump()
        ok = suite.run("compile %s" % fam.name, lambda fam=fam: compile_case(fam))
        pump()
        if not ok:
            continue
        rng = np.random.default_rng(FAMILIES.index(fam.name) + 1)
        tests[fam.name](suite, fam, rng)
        feat = {"content_attention": 40, "las": 40, "whisper_tiny": 80, "conformer_ctc": 80}
        test_strided(suite, fam, rng, feat[fam.name], with_lengths=fam.name != "whisper_tiny")
        if fam.name == "content_attention":
            test_concurrency(suite, fam, rng, 40)
            test_errors(suite, fam, work, args.asrc)
        elif fam.name == "las":
            test_empty_outputs(suite, fam, rng, 40, (1, 3), (256,))
            test_concurrency(suite, fam, rng, 40, threads=4, calls=5)
        elif fam.name == "whisper_tiny":
            test_concurrency(suite, fam, rng, 80, threads=4, calls=3, with_lengths=False,
                             max_t=60)
        elif fam.name == "conformer_ctc":
            test_empty_outputs(suite, fam, rng, 80, (1, 6), (32,))
            test_concurrency(suite, fam, rng, 80, threads=4, calls=5)
        pump()
    return summary(suite, t_start, families, work, args)


def compile_case(fam):
    if not finish_compile(fam):
        raise Failure(fam.compile_error)
    sig = fam.lib.entries
    for ep in fam.spec["entry_points"]:
        if ep["name"] not in sig:
            raise Failure("the library has no entry point %s (has %s)"
                          % (ep["name"], list(sig)))
        s = sig[ep["name"]]
        want = [i["name"] for i in ep["inputs"]]
        prep = sig.get(ep["name"] + "_prepare")
        if prep is not None:
            # asr-hoist-per-utterance: the prepare step takes per-utterance
            # inputs only; the step takes its outputs after its own inputs
            # and may drop per-utterance inputs it no longer needs.
            per_utt = [i["name"] for i in ep["inputs"] if i.get("per_utterance")]
            if not set(p.name for p in prep.inputs) <= set(per_utt):
                raise Failure("%s_prepare takes %s; per-utterance inputs are %s"
                              % (ep["name"], [p.name for p in prep.inputs], per_utt))
            have = set(p.name for p in s.inputs)
            want = [n for n in want if n not in per_utt or n in have] + \
                [p.name for p in prep.outputs]
        if [p.name for p in s.inputs] != want or len(s.outputs) != len(ep["outputs"]):
            raise Failure("%s: signature %s does not match the spec" % (ep["name"], s))
    size = os.path.getsize(os.path.join(fam.out, "lib%s.so" % fam.name))
    return "%.1fs, lib%s.so %.1f MiB, entry points %s" % (
        fam.compile_seconds, fam.name, size / 2 ** 20, ", ".join(sig))


def summary(suite, t_start, families, work, args):
    for fam in families.values():
        if fam.compile_proc is not None and fam.compile_proc.poll() is None:
            fam.compile_proc.kill()
            fam.compile_proc.wait()
        if fam.model is not None:
            fam.model.destroy()
    if suite.errors:
        print("\nmax abs error per family / entry point (tolerance %s):" % fmt(TOL))
        for (family, entry), err in suite.errors.items():
            e64 = suite.errors64.get((family, entry))
            print("  %-18s %-32s %s%s%s" % (
                family, entry, fmt(err) if err != float("inf") else "(a call failed)",
                "   (vs float64: asrc %s, torch fp32 %s)" % (fmt(e64[0]), fmt(e64[1]))
                if e64 else "", "" if err <= TOL else "  FAIL"))
    if suite.failures:
        print("\nfailed:")
        for f in suite.failures:
            print("  " + f)
    print("\n%.1fs total" % (time.time() - t_start))
    if not args.keep and not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (suite.passed, suite.failed), flush=True)
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
