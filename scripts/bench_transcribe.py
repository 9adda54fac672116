#!/usr/bin/python3
"""Benchmark: transcribing 30 s with the Whisper-tiny-shaped model (random
weights): encode 80 x 3000 mel frames, then greedy decoding of --tokens
tokens, asrc (asrc_decode) against the same model in PyTorch 1.13 with a
key/value cache, at 1 and 2 threads, in one run on the same weights and input.

    /usr/bin/python3 scripts/bench_transcribe.py [--threads 1 2] [--tokens 100] [--runs 3]

* asrc: one asrc_decode call (encode, decode_step_prepare once: the
  cross-attention keys/values, then decode_step per token with the
  self-attention caches preallocated to 448 positions); the time per step is
  measured apart by calling decode_step in a loop on the prepared inputs.
* PyTorch: the reference model's modules (test/e2e/reference_models.py)
  with a KV cache as openai-whisper keeps it: cross-attention keys/values
  computed once per utterance, self-attention keys/values appended per step;
  greedy argmax; torch.inference_mode().

Random weights rarely produce <|endoftext|>; the number of tokens each side
generated is printed (they must agree, as must the tokens). Each
(implementation, threads) case runs in its own process; medians of --runs.
"""
import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "examples/whisper_tiny/whisper_tiny.json")
sys.path.insert(0, os.path.join(ROOT, "test/e2e"))
sys.path.insert(0, os.path.join(ROOT, "tools/python"))
from bench_common import compile_model, machine, random_weights, run_child, thread_env  # noqa: E402

SOT, EOT = 50258, 50257


def torch_transcribe(model, mel, max_tokens, sot=SOT, eot=EOT):
    """Greedy decoding with a KV cache from start token `sot` until `eot` or
    max_tokens tokens; returns (tokens, encode_ms, step_ms list)."""
    import torch
    dec = model.decoder
    t0 = time.perf_counter()
    enc = model.encoder(mel)
    t1 = time.perf_counter()
    cross = [(blk.cross_attn.key(enc), blk.cross_attn.value(enc)) for blk in dec.blocks]
    self_kv = [None] * len(dec.blocks)
    token, tokens, steps = sot, [], []
    for pos in range(max_tokens):
        s0 = time.perf_counter()
        x = dec.token_embedding(torch.tensor([[token]])) + dec.positional_embedding[pos]
        for i, blk in enumerate(dec.blocks):
            h = blk.attn_ln(x)
            q, k, v = blk.attn.query(h), blk.attn.key(h), blk.attn.value(h)
            if self_kv[i] is not None:
                k = torch.cat([self_kv[i][0], k], 1)
                v = torch.cat([self_kv[i][1], v], 1)
            self_kv[i] = (k, v)
            x = x + blk.attn.out(blk.attn.attend(q, k, v))
            h = blk.cross_attn_ln(x)
            x = x + blk.cross_attn.out(blk.cross_attn.attend(blk.cross_attn.query(h), *cross[i]))
            x = x + blk.mlp(blk.mlp_ln(x))
        token = int(dec.logits(x)[0, -1].argmax())
        steps.append((time.perf_counter() - s0) * 1000)
        if token == eot:
            break
        tokens.append(token)
    return tokens, (t1 - t0) * 1000, steps


def child(args):
    import numpy as np
    rng = np.random.default_rng(0)
    mel = rng.standard_normal((1, args.frames, 80)).astype(np.float32)
    totals, steps_all, tokens = [], [], None
    if args.impl == "asrc":
        import asrc_ctypes
        lib = asrc_ctypes.Library(os.path.join(args.libdir, "libwhisper_tiny.so"))
        model = lib.create(args.weights, threads=args.threads)
        for i in range(args.runs + 1):
            t0 = time.perf_counter()
            hyps = model.decode(mel, beam_width=1, max_length=args.tokens)
            ms = (time.perf_counter() - t0) * 1000
            if i:
                totals.append(ms)
        tokens = hyps[0][0].tokens
        # Per-step time: decode_step on its prepared inputs, positions 0..N-1.
        enc = model.call("encode", mel)["encoded"]
        caches = {"self_%s_%d" % (kv, i): np.zeros((1, 448, 384), np.float32)
                  for i in range(4) for kv in "kv"}
        named = dict(caches, token=np.array([[SOT]], np.int32), position=np.zeros(1, np.int32),
                     encoded=enc)
        _, prepared = model.call_prepared("decode_step", named)
        t0 = time.perf_counter()
        model.call_prepared("encode", {"mel": mel})
        encode_ms = (time.perf_counter() - t0) * 1000
        for pos in range(max(1, len(tokens))):
            named["position"] = np.array([pos], np.int32)
            s0 = time.perf_counter()
            outs, _ = model.call_prepared("decode_step", named, prepared)
            steps_all.append((time.perf_counter() - s0) * 1000)
            for name in caches:
                named[name] = outs["out_" + name] if "out_" + name in outs else outs[name]
    else:
        import torch
        import reference_models
        torch.set_num_threads(args.threads)
        model = reference_models.build("whisper_tiny", args.weights)
        x = torch.from_numpy(mel)
        for i in range(args.runs + 1):
            with torch.inference_mode():
                t0 = time.perf_counter()
                tokens, encode_ms, steps = torch_transcribe(model, x, args.tokens)
                ms = (time.perf_counter() - t0) * 1000
            if i:
                totals.append(ms)
                steps_all += steps
    print(json.dumps({"total_ms": statistics.median(totals), "encode_ms": encode_ms,
                      "step_ms": statistics.median(steps_all), "tokens": tokens}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--tokens", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--frames", type=int, default=3000)
    p.add_argument("--workdir", default=os.path.join(ROOT, "build/bench"))
    p.add_argument("--asrc", default=os.path.join(ROOT, "build/bin/asrc"))
    p.add_argument("--child", choices=["asrc", "torch"])
    p.add_argument("--weights")
    p.add_argument("--libdir")
    args = p.parse_args()
    if args.child:
        args.impl = args.child
        args.threads = args.threads[0]
        return child(args)

    os.makedirs(args.workdir, exist_ok=True)
    args.weights = os.path.join(args.workdir, "whisper_tiny.safetensors")
    args.libdir = os.path.join(args.workdir, "whisper_tiny")
    random_weights(SPEC, args.weights)
    compile_model(args.asrc, SPEC, args.weights, args.libdir)
    print("Whisper-tiny-shaped model, random weights: encode %d frames (%.0f s) + greedy decode "
          "of up to %d tokens, batch 1; median of %d runs" % (args.frames, args.frames / 100,
                                                                args.tokens, args.runs))
    print("machine: %s\n" % machine())
    print("%-8s %-8s %10s %10s %10s %8s" % ("threads", "impl", "total ms", "encode ms",
                                            "step ms", "tokens"))
    for n in args.threads:
        res = {}
        for impl in ("asrc", "torch"):
            cmd = [sys.executable, __file__, "--child", impl, "--threads", str(n),
                   "--tokens", str(args.tokens), "--runs", str(args.runs),
                   "--frames", str(args.frames), "--weights", args.weights,
                   "--libdir", args.libdir]
            res[impl] = run_child(cmd, thread_env(n), "%s at %d threads" % (impl, n))
            r = res[impl]
            print("%-8d %-8s %10.1f %10.1f %10.3f %8d" % (n, impl, r["total_ms"], r["encode_ms"],
                                                         r["step_ms"], len(r["tokens"])))
        a, t = res["asrc"], res["torch"]
        same = a["tokens"] == t["tokens"]
        print("%-8d %-8s %9.2fx %20s %9.2fx   tokens %s" % (
            n, "ratio", t["total_ms"] / a["total_ms"], "", t["step_ms"] / a["step_ms"],
            "identical" if same else "DIFFER (first %d agree)" % next(
                (i for i, (x, y) in enumerate(zip(a["tokens"], t["tokens"])) if x != y),
                min(len(a["tokens"]), len(t["tokens"])))))
    print("\nratio = PyTorch time / asrc time (> 1: asrc is faster)")


if __name__ == "__main__":
    main()
