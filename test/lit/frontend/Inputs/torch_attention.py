"""torch.nn modules with attention written as tensor ops, for
torch-import-attention.test (frontend/torch/asr_import_torch.py)."""
import math

import torch
import torch.nn as nn


def valid_mask(lengths, t):
    return torch.arange(t)[None, :] < lengths[:, None]


class MultiHead(nn.Module):
    """q @ k^T / sqrt(dh), padding mask by masked_fill, softmax, @ v."""

    def __init__(self, d=64, heads=4):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.heads = heads

    def encode(self, x, lengths):
        b, t, d = x.shape
        dh = d // self.heads

        def split(y):
            return y.view(b, t, self.heads, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(dh)
        scores = scores.masked_fill(~valid_mask(lengths, t)[:, None, None, :], float("-inf"))
        p = torch.softmax(scores, dim=-1)
        return self.o((p @ v).transpose(1, 2).reshape(b, t, d))


class CausalScaled(nn.Module):
    """Whisper's way: q and k each scaled by dh^-0.25, k permuted to [B, H, D, T],
    a causal mask from torch.ones(...).tril()."""

    def __init__(self, d=128, heads=2):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(d, d), nn.Linear(d, d, bias=False), nn.Linear(d, d)
        self.heads = heads

    def encode(self, x):
        b, t, d = x.shape
        s = (d // self.heads) ** -0.25
        q = self.q(x).view(b, t, self.heads, -1).permute(0, 2, 1, 3) * s
        k = self.k(x).view(b, t, self.heads, -1).permute(0, 2, 3, 1) * s
        v = self.v(x).view(b, t, self.heads, -1).permute(0, 2, 1, 3)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        w = (q @ k).masked_fill(~mask, float("-inf")).softmax(dim=-1)
        return (w @ v).permute(0, 2, 1, 3).flatten(start_dim=2)


class SingleHead(nn.Module):
    """One head over [B, T, D] with bmm (no head dim)."""

    def __init__(self, d=32):
        super().__init__()
        self.proj = nn.Linear(d, 3 * d)

    def encode(self, x, lengths):
        q, k, v = self.proj(x).chunk(3, dim=-1)
        scores = torch.bmm(q, k.transpose(1, 2)) * (q.shape[-1] ** -0.5)
        scores = scores.masked_fill(~valid_mask(lengths, x.shape[1]).unsqueeze(1), -1e9)
        return torch.bmm(scores.softmax(-1), v)


class Additive(nn.Module):
    """Bahdanau attention of one query over keys; returns the alignment too."""

    def __init__(self, dq=32, dk=48, da=24):
        super().__init__()
        self.query = nn.Linear(dq, da, bias=False)
        self.key = nn.Linear(dk, da)
        self.v = nn.Parameter(torch.randn(da))

    def step(self, query, keys, key_lengths):
        e = torch.tanh(self.query(query).unsqueeze(1) + self.key(keys))
        scores = torch.matmul(e, self.v)
        scores = scores.masked_fill(~valid_mask(key_lengths, keys.shape[1]), float("-inf"))
        p = torch.softmax(scores, dim=-1)
        return torch.bmm(p.unsqueeze(1), keys).squeeze(1), p


class NNMultihead(nn.Module):
    """nn.MultiheadAttention with a key padding mask from the lengths."""

    def __init__(self, d=32, heads=2):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)

    def encode(self, x, lengths):
        pad = torch.arange(x.shape[1])[None, :] >= lengths[:, None]
        return self.attn(x, x, x, key_padding_mask=pad, need_weights=False)[0]


class Pooling(nn.Module):
    """Content attention pooling: one score per frame, masked softmax over time."""

    def __init__(self, d=32):
        super().__init__()
        self.score = nn.Linear(d, 1)

    def encode(self, h, lengths):
        a = self.score(h).squeeze(-1)
        a = a.masked_fill(~valid_mask(lengths, h.shape[1]), float("-inf"))
        p = torch.softmax(a, dim=-1)
        return torch.bmm(p.unsqueeze(1), h).squeeze(1), p
