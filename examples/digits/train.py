"""Trains the digits demo model (model.py's Digits) on CPU.

    nice -n 10 /usr/bin/python3 examples/digits/train.py [--data build/digits-data]
        [--out build/digits/digits.pt] [--minutes 40] [--threads 2] [--seed 0]

Reads make_data.py's train.npz, computes Whisper's log-mel of every
utterance once (asr_torch.audio.whisper_log_mel, unpadded, as at inference),
holds out a small dev set, then trains with teacher forcing (cross-entropy
with label smoothing; plus an auxiliary CTC loss through a training-only
linear head on the encoder, which speeds up learning the alignment) on length-bucketed batches with SpecAugment-style
frequency and time masks, AdamW, linear warmup and a cosine decay over the
compute-time budget (or over --epochs when given). The whole run,
evaluation included, stays within --minutes of compute (CPU time divided by
--threads, which is the wall time on an otherwise idle machine; under
`nice` next to other jobs the wall time grows, the training does not shrink). At the end it saves the state_dict and
runs evaluate.py's evaluation (greedy, batch 1, unpadded samples) into
eval.json next to it.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from model import Digits, EOS, SOS, N_MELS, text_to_tokens, whisper_log_mel  # noqa: E402
from evaluate import evaluate  # noqa: E402

EVAL_RESERVE_S = 60       # time kept for the final evaluation (takes ~15 s)


# Debian's PyTorch 1.13 (1.13.1+dfsg) computes F.gelu's backward wrong when
# the incoming gradient is not contiguous: the encoder's
# F.gelu(conv2(x)).transpose(1, 2) gets a transposed gradient, and the
# conv weights then get garbage gradients (norms of 1e9 .. inf, then NaN).
# Training routes F.gelu (nn.GELU calls it too) through this function: the
# same forward, the backward on a contiguous gradient. Inference (and
# export) use the model's code untouched.
_native_gelu = F.gelu


class _ContiguousGradGelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, approximate):
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        return _native_gelu(x, approximate=approximate)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return torch.ops.aten.gelu_backward(grad.contiguous(), x,
                                            approximate=ctx.approximate), None


def _gelu(x, approximate="none"):
    return _ContiguousGradGelu.apply(x, approximate)


def check_gelu_backward():
    """True if F.gelu's backward is right on a non-contiguous gradient."""
    x = torch.randn(2, 8, 5, requires_grad=True)
    g = torch.randn(2, 5, 8)
    F.gelu(x).transpose(1, 2).backward(g)
    x2 = x.detach().clone().requires_grad_()
    F.gelu(x2).backward(g.transpose(1, 2).contiguous())
    return bool(torch.allclose(x.grad, x2.grad, atol=1e-5))


def init_weights(model):
    """From scratch: nn.Embedding's N(0, 1) token embedding, which is also
    the output projection, would start with logits of std ~sqrt(d); GPT-2's
    N(0, 0.02) starts near the uniform distribution."""
    with torch.no_grad():
        model.decoder.token_embedding.weight.normal_(0.0, 0.02)
        model.decoder.positional_embedding.normal_(0.0, 0.01)


def load_mels(data):
    """log-mel [T, 80] and token list of every training utterance."""
    z = np.load(os.path.join(data, "train.npz"))
    audio, offsets = z["audio"], z["offsets"]
    texts, sources = [str(t) for t in z["texts"]], [str(s) for s in z["sources"]]
    mels = []
    with torch.no_grad():
        for i in range(len(texts)):
            x = torch.from_numpy(audio[offsets[i]:offsets[i + 1]].astype(np.float32) / 32768.0)
            mels.append(whisper_log_mel(x, N_MELS).contiguous())
    return mels, [text_to_tokens(t) for t in texts], sources


def make_batches(lengths, indices, max_frames, max_batch, rng):
    """Length-bucketed batches: sort by (jittered) length, cut into batches
    of at most max_frames padded frames, shuffle the batch order."""
    order = sorted(indices, key=lambda i: lengths[i] * rng.uniform(0.9, 1.1))
    batches, cur, longest = [], [], 0
    for i in order:
        longest2 = max(longest, lengths[i])
        if cur and (longest2 * (len(cur) + 1) > max_frames or len(cur) >= max_batch):
            batches.append(cur)
            cur, longest2 = [], lengths[i]
        cur.append(i)
        longest = longest2
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def spec_augment(mel, rng, freq_masks=2, freq_width=12, time_per_s=1.0, time_width=8):
    """In place on one [T, 80] log-mel: frequency masks and about
    time_per_s time masks per second (100 frames), set to the mean."""
    t = mel.shape[0]
    fill = float(mel.mean())
    for _ in range(freq_masks):
        w = rng.randint(0, freq_width)
        f0 = rng.randint(0, N_MELS - w)
        mel[:, f0:f0 + w] = fill
    n = int(time_per_s * t / 100.0 + rng.random())
    for _ in range(n):
        w = rng.randint(0, min(time_width, max(1, t // 8)))
        t0 = rng.randint(0, max(0, t - w))
        mel[t0:t0 + w] = fill
    return mel


def collate(ids, mels, tokens, rng=None):
    """Padded mel [B, T, 80] (each padded with its own floor value, what
    silence gives), decoder input [B, L], targets [B, L] (-100 = pad) and
    the unpadded mel lengths [B]."""
    longest = max(mels[i].shape[0] for i in ids)
    lmax = max(len(tokens[i]) for i in ids) + 1
    mel = torch.empty(len(ids), longest, N_MELS)
    inp = torch.full((len(ids), lmax), EOS, dtype=torch.int64)
    tgt = torch.full((len(ids), lmax), -100, dtype=torch.int64)
    for b, i in enumerate(ids):
        m = mels[i]
        mel[b] = float(m.min())
        mel[b, :m.shape[0]] = m
        if rng is not None:
            spec_augment(mel[b, :m.shape[0]], rng)
        seq = tokens[i]
        inp[b, :len(seq) + 1] = torch.tensor([SOS] + seq)
        tgt[b, :len(seq) + 1] = torch.tensor(seq + [EOS])
    lengths = torch.tensor([mels[i].shape[0] for i in ids], dtype=torch.int64)
    return mel, inp, tgt, lengths


def dev_metrics(model, batches, mels, tokens):
    """Teacher-forced loss and token error rate on the dev set."""
    model.eval()
    loss_sum = n = wrong = 0
    with torch.no_grad():
        for ids in batches:
            mel, inp, tgt, _ = collate(ids, mels, tokens)
            logits = model.decoder(inp, model.encoder(mel))
            mask = tgt != -100
            loss_sum += float(F.cross_entropy(logits[mask], tgt[mask], reduction="sum"))
            wrong += int((logits.argmax(-1)[mask] != tgt[mask]).sum())
            n += int(mask.sum())
    model.train()
    return loss_sum / n, wrong / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "build", "digits-data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "digits", "digits.pt"))
    ap.add_argument("--minutes", type=float, default=40.0,
                    help="budget of the whole run, evaluation included, in compute "
                         "minutes (CPU time / --threads: wall minutes on an idle machine)")
    ap.add_argument("--epochs", type=int, default=0,
                    help="train this many epochs (schedule over epochs) instead of "
                         "filling --minutes")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=300, help="warmup steps")
    ap.add_argument("--ctc-weight", type=float, default=0.3,
                    help="weight of an auxiliary CTC loss on the encoder (training only)")
    ap.add_argument("--max-frames", type=int, default=8000,
                    help="padded log-mel frames per batch")
    ap.add_argument("--max-batch", type=int, default=96)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--dev", type=int, default=300, help="held-out dev utterances")
    ap.add_argument("--no-eval", action="store_true")
    args = ap.parse_args()

    start = time.time()
    cpu_start = time.process_time()
    if not check_gelu_backward():
        print("this PyTorch's F.gelu backward is wrong on non-contiguous gradients: "
              "training with a contiguous-gradient wrapper", flush=True)
        F.gelu = _gelu
        assert check_gelu_backward()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    mels, tokens, sources = load_mels(args.data)
    lengths = [m.shape[0] for m in mels]
    n = len(mels)
    perm = list(range(n))
    rng.shuffle(perm)
    dev_ids, train_ids = sorted(perm[:args.dev]), sorted(perm[args.dev:])
    dev_batches = make_batches(lengths, dev_ids, args.max_frames, args.max_batch,
                               random.Random(0))
    print("%d utterances (%d train, %d dev), %.2f h, log-mel in %.0f s"
          % (n, len(train_ids), len(dev_ids), sum(lengths) / 100 / 3600, time.time() - start),
          flush=True)

    model = Digits()
    init_weights(model)
    model.train()
    params = sum(p.numel() for p in model.parameters())
    ctc_head = torch.nn.Linear(model.encoder.d, 11)
    named = list(model.named_parameters()) + [("ctc_head." + n, p)
                                               for n, p in ctc_head.named_parameters()]
    decay = [p for name, p in named if p.dim() >= 2 and "positional" not in name]
    no_decay = [p for name, p in named if not (p.dim() >= 2 and "positional" not in name)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-8)

    budget = args.minutes * 60 - EVAL_RESERVE_S * (not args.no_eval)

    def compute_s():
        return (time.process_time() - cpu_start) / args.threads
    steps_per_epoch = len(make_batches(lengths, train_ids, args.max_frames, args.max_batch,
                                       random.Random(0)))
    total_steps = args.epochs * steps_per_epoch

    def progress(step):
        """0 .. 1 through the schedule: steps over --epochs when given,
        else compute time (this process's CPU time / threads, so that
        other jobs on the machine slow the run down but do not shorten
        it; on an idle machine this is the wall time)."""
        if args.epochs:
            return step / total_steps
        return compute_s() / budget

    def lr_at(step):
        warm = min(1.0, (step + 1) / args.warmup)
        p = min(1.0, progress(step))
        return args.lr * warm * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))

    print("model %d parameters; %d batches per epoch; budget %.1f min%s"
          % (params, steps_per_epoch, budget / 60,
             " (%d epochs)" % args.epochs if args.epochs else ""), flush=True)
    step = epoch = 0
    history = []
    done = False
    while not done:
        epoch += 1
        batches = make_batches(lengths, train_ids, args.max_frames, args.max_batch, rng)
        loss_sum = tok = 0.0
        t_epoch = time.time()
        for ids in batches:
            if progress(step) >= 1.0:
                done = True
                break
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            mel, inp, tgt, mel_lengths = collate(ids, mels, tokens, rng)
            encoded = model.encoder(mel)
            logits = model.decoder(inp, encoded)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                                   ignore_index=-100, label_smoothing=args.label_smoothing)
            if args.ctc_weight > 0:
                # training-only CTC head on the encoder (blank = 10; not saved)
                log_probs = F.log_softmax(ctc_head(encoded), dim=-1).transpose(0, 1)
                enc_lengths = (mel_lengths - 1) // 2 + 1          # conv2: k3, s2, p1
                targets = torch.cat([torch.tensor(tokens[i]) for i in ids])
                target_lengths = torch.tensor([len(tokens[i]) for i in ids])
                ctc = F.ctc_loss(log_probs, targets, enc_lengths, target_lengths, blank=10,
                                 zero_infinity=True)
                loss = (1 - args.ctc_weight) * loss + args.ctc_weight * ctc
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
            opt.step()
            step += 1
            k = int((tgt != -100).sum())
            loss_sum += float(loss) * k
            tok += k
            if step % 50 == 0:
                print("  epoch %d step %d loss %.4f lr %.2e  %.1f min (%.1f compute)"
                      % (epoch, step, loss_sum / tok, lr_at(step), (time.time() - start) / 60,
                         compute_s() / 60), flush=True)
        if tok == 0:
            break
        dev_loss, dev_ter = dev_metrics(model, dev_batches, mels, tokens)
        rec = {"epoch": epoch, "steps": step, "train_loss": round(loss_sum / tok, 4),
               "dev_loss": round(dev_loss, 4), "dev_token_error": round(dev_ter, 4),
               "epoch_s": round(time.time() - t_epoch, 1),
               "elapsed_min": round((time.time() - start) / 60, 2)}
        history.append(rec)
        print("epoch %d%s: train loss %.4f, dev loss %.4f, dev token error %.2f%%, "
              "%.0f s, %.1f min elapsed" % (epoch, " (partial)" if done else "", loss_sum / tok,
                                            dev_loss, 100 * dev_ter, rec["epoch_s"],
                                            rec["elapsed_min"]), flush=True)
        if args.epochs and epoch >= args.epochs:
            done = True

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save(model.state_dict(), args.out)
    train_min = (time.time() - start) / 60
    print("saved %s after %d steps, %d epochs, %.1f min" % (args.out, step, epoch, train_min),
          flush=True)
    training = {
        "command": " ".join(sys.argv), "seed": args.seed, "threads": args.threads,
        "parameters": params, "steps": step, "epochs": epoch, "train_minutes": round(train_min, 2),
        "train_compute_minutes": round(compute_s() / 60, 2),
        "train_utterances": len(train_ids), "dev_utterances": len(dev_ids),
        "train_hours": round(sum(lengths[i] for i in train_ids) / 100 / 3600, 3),
        "history": history,
    }
    if args.no_eval:
        return
    result = evaluate(model, args.data)
    result["checkpoint"] = os.path.abspath(args.out)
    result["training"] = training
    result["training"]["total_minutes"] = round((time.time() - start) / 60, 2)
    path = os.path.join(os.path.dirname(os.path.abspath(args.out)), "eval.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print("wrote %s; total %.1f min" % (path, (time.time() - start) / 60))


if __name__ == "__main__":
    main()
