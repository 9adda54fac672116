"""Small torch.nn models for the importer's tests (test_import.py), written
the way PyTorch code usually is, independently of the spec's ops.

    MHAEncoder()                                nn.MultiheadAttention encoder
    Mixed()                                     TransformerEncoderLayer, causal
                                                MHA (batch_first=False), GRU,
                                                packed LSTM, BatchNorm1d
    FunctionalEncoder()                         hand-written multi-head and
                                                single-head attention (matmul,
                                                masked_fill, softmax), conv front end
    UsesFFT, DataDependent, Small               error cases
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def positions(length, d):
    """Vaswani sinusoids: sin at even channels, cos at odd ones."""
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    pe = torch.zeros(length, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


class MHABlock(nn.Module):
    def __init__(self, d, heads, batch_first):
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, dropout=0.1, batch_first=batch_first)
        self.norm2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Dropout(0.1),
                                nn.Linear(4 * d, d))
        self.drop = nn.Dropout(0.1)

    def forward(self, x, key_padding_mask=None, attn_mask=None):
        h = self.norm1(x)
        a, _ = self.attn(h, h, h, key_padding_mask=key_padding_mask, attn_mask=attn_mask,
                         need_weights=False)
        x = x + self.drop(a)
        return x + self.ff(self.norm2(x))


class MHAEncoder(nn.Module):
    """Linear front end, sinusoidal positions, nn.MultiheadAttention blocks with
    a key padding mask from the lengths (or a causal mask), CTC-style head."""

    def __init__(self, n_in=40, d=64, heads=4, layers=2, vocab=16, causal=False,
                 batch_first=True):
        super().__init__()
        self.proj = nn.Linear(n_in, d)
        self.blocks = nn.ModuleList([MHABlock(d, heads, batch_first) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)
        self.causal = causal
        self.batch_first = batch_first
        self.d = d

    def encode(self, features, lengths):
        x = self.proj(features)
        t = x.shape[1]
        x = x + positions(t, self.d)
        pad = torch.arange(t, device=x.device)[None, :] >= lengths[:, None]
        mask = None
        if self.causal:
            mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
            pad = None
        if not self.batch_first:
            x = x.transpose(0, 1)
        for block in self.blocks:
            x = block(x, key_padding_mask=pad, attn_mask=mask)
        if not self.batch_first:
            x = x.transpose(0, 1)
        return F.log_softmax(self.head(self.norm(x)), dim=-1)


class SelfAttention(nn.Module):
    """Multi-head attention with one fused qkv projection, by hand."""

    def __init__(self, d, heads):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.heads = heads

    def forward(self, x, pad):
        b, t, d = x.shape
        dh = d // self.heads
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q = q.view(b, t, self.heads, dh).transpose(1, 2)
        k = k.view(b, t, self.heads, dh).transpose(1, 2)
        v = v.view(b, t, self.heads, dh).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(dh)
        scores = scores.masked_fill(pad[:, None, None, :], float("-inf"))
        p = F.softmax(scores, dim=-1)
        y = (p @ v).transpose(1, 2).contiguous().view(b, t, d)
        return self.out(y)


class SingleHeadAttention(nn.Module):
    """One head with bmm, a large negative fill and a separate key projection."""

    def __init__(self, d):
        super().__init__()
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d)
        self.scale = d ** -0.5

    def forward(self, x, valid):
        scores = torch.bmm(self.q(x) * self.scale, self.k(x).transpose(1, 2))
        scores = scores.masked_fill(~valid.unsqueeze(1), -1e9)
        return torch.bmm(torch.softmax(scores, dim=2), self.v(x))


class FunctionalEncoder(nn.Module):
    """Conv1d front end ([B, C, T] as PyTorch wants), hand-written multi-head
    and single-head attention blocks, layer norms, a tanh/sigmoid gate."""

    def __init__(self, n_in=40, d=64, heads=4, vocab=12):
        super().__init__()
        self.conv = nn.Conv1d(n_in, d, 3, padding=1)
        self.attn = SelfAttention(d, heads)
        self.norm1 = nn.LayerNorm(d)
        self.single = SingleHeadAttention(d)
        self.norm2 = nn.LayerNorm(d)
        self.gate = nn.Linear(d, 2 * d)
        self.head = nn.Linear(d, vocab)

    def encode(self, features, lengths):
        x = F.relu(self.conv(features.permute(0, 2, 1))).permute(0, 2, 1)
        t = x.size(1)
        valid = torch.arange(t)[None, :] < lengths[:, None]
        x = self.norm1(x + self.attn(x, ~valid))
        x = self.norm2(x + self.single(x, valid))
        a, b = self.gate(x).split(x.shape[-1], dim=-1)
        x = torch.tanh(a) * torch.sigmoid(b)
        return self.head(x).log_softmax(-1), lengths


class UsesFFT(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(9, 4)

    def encode(self, x):
        spectrum = torch.fft.rfft(x, dim=-1).abs()
        return self.lin(spectrum)


class DataDependent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 4)

    def encode(self, x):
        if x.sum() > 0:
            return self.lin(x)
        return -self.lin(x)


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(8, 4)
        self.norm = nn.LayerNorm(4)

    def encode(self, x):
        return self.norm(self.lin(x))


class Mixed(nn.Module):
    """Conv1d (padding='same') + BatchNorm1d + SiLU, nn.TransformerEncoderLayer
    with a key padding mask, nn.MultiheadAttention (batch_first=False) with a
    causal float mask, a 2-layer bidirectional GRU over [T, B, C], an LSTM over
    a packed sequence, mean pooling."""

    def __init__(self, n_in=24, d=32, heads=4, vocab=10):
        super().__init__()
        self.conv = nn.Conv1d(n_in, d, 5, padding="same")
        self.bn = nn.BatchNorm1d(d)
        self.encoder_layer = nn.TransformerEncoderLayer(d, heads, 2 * d, dropout=0.1,
                                                        batch_first=True)
        self.causal = MHABlock(d, heads, batch_first=False)
        self.gru = nn.GRU(d, 24, num_layers=2, bidirectional=True)
        self.lstm = nn.LSTM(48, d, batch_first=True)
        self.head = nn.Linear(d, vocab)

    def encode(self, features, lengths):
        x = F.silu(self.bn(self.conv(features.transpose(1, 2)))).transpose(1, 2)
        t = x.shape[1]
        pad = torch.arange(t)[None, :] >= lengths[:, None]
        x = self.encoder_layer(x, src_key_padding_mask=pad)
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        x = self.causal(x.transpose(0, 1), attn_mask=causal)
        y, _ = self.gru(x)
        y = y.transpose(0, 1)
        packed = pack_padded_sequence(y, lengths.cpu(), batch_first=True, enforce_sorted=False)
        z, _ = self.lstm(packed)
        z, out_lengths = pad_packed_sequence(z, batch_first=True, total_length=t)
        return F.log_softmax(self.head(z), dim=-1), z.mean(dim=1)
