"""PyTorch reference definitions of the four example models (examples/*/*.json).

Each model is written as an ordinary torch.nn model, independently of the
spec's node list: module attribute names are chosen so that `state_dict()`
names equal the safetensors tensor names, and weights are loaded with
`load_state_dict` (strict: every tensor of the file must be used and every
parameter must be in the file; only BatchNorm's num_batches_tracked is
exempt). Each model exposes the spec's entry points as methods taking and
returning torch tensors in the spec's layouts (channels-last [B, T, C]):

    content_attention.encode(features, lengths) -> (log_probs, alignment)
    las.encode(features, lengths) -> (encoded, encoded_lengths)
    las.decode_step(token, h, c, prev_context, prev_alignment, encoded,
                    encoded_lengths) -> (log_probs, h, c, context, alignment)
    whisper_tiny.encode(mel) -> (encoded,)
    whisper_tiny.decode(tokens, encoded) -> (logits,)
    whisper_tiny.decode_step(token, position, encoded, self_k_0, self_v_0, ...,
                             self_k_3, self_v_3) -> (logits, self_k_0, ..., self_v_3)
    conformer_ctc.encode(features, lengths) -> (log_probs, output_lengths)

Semantics follow dialect/ASROps.td: padded keys are masked in attention; a
softmax row whose keys are all masked is all zero; LSTMs with lengths are
packed sequences (padded output frames are zero); subsampled lengths are
floor((L + 2p - (k - 1) - 1) / s) + 1 clamped at 0.

Also: load_safetensors(path) -> {name: numpy array}, a tiny reader.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "frontend", "torch"))
from asr_torch import safetensors  # noqa: E402
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


# ---------------------------------------------------------------------------
# safetensors
# ---------------------------------------------------------------------------

# One reader for the project's Python (frontend/torch/asr_torch/safetensors.py).
load_safetensors = safetensors.read


def load_weights(module, path):
    """Loads a safetensors file into `module` by state_dict names (strict)."""
    tensors = {k: torch.from_numpy(v) for k, v in load_safetensors(path).items()}
    missing, unexpected = module.load_state_dict(tensors, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError("%s: %s: missing %s, unexpected %s"
                         % (path, type(module).__name__, missing, unexpected))
    module.eval()
    return module


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def length_mask(lengths, t):
    """[B, t] bool: True for valid frames."""
    return torch.arange(t, device=lengths.device)[None, :] < lengths.to(torch.int64)[:, None]


def masked_softmax(scores, mask):
    """softmax over the last dim with `mask` (broadcastable, True = keep);
    rows with no valid key are all zero (as asr.softmax defines)."""
    scores = scores.masked_fill(~mask, float("-inf"))
    any_valid = mask.any(dim=-1, keepdim=True)
    scores = torch.where(any_valid, scores, torch.zeros_like(scores))
    p = torch.softmax(scores, dim=-1)
    return torch.where(mask & any_valid, p, torch.zeros_like(p))


def conv_out_length(lengths, kernel, stride=1, padding=0, dilation=1):
    """floor((L + 2p - d(k-1) - 1) / s) + 1, clamped at 0 (Python floor division)."""
    n = lengths.to(torch.int64) + 2 * padding - dilation * (kernel - 1) - 1
    out = torch.div(n, stride, rounding_mode="floor") + 1
    return out.clamp(min=0).to(lengths.dtype)


# ---------------------------------------------------------------------------
# a. content attention
# ---------------------------------------------------------------------------


class ContentAttention(nn.Module):
    """Conv1d(40->128, k5) ReLU Conv1d(128->128, k5) ReLU, attention pooling
    a_t = w . h_t + b over valid frames, classifier Linear-ReLU-Linear."""

    def __init__(self):
        super().__init__()
        self.frontend = nn.ModuleDict({
            "conv1": nn.Conv1d(40, 128, 5, padding=2),
            "conv2": nn.Conv1d(128, 128, 5, padding=2),
        })
        self.attention = nn.Linear(128, 1)
        self.classifier = nn.Sequential(nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))

    def encode(self, features, lengths):
        x = features.transpose(1, 2)                        # [B, 40, T]
        x = F.relu(self.frontend["conv1"](x))
        x = F.relu(self.frontend["conv2"](x))
        h = x.transpose(1, 2)                               # [B, T, 128]
        scores = self.attention(h).squeeze(-1)              # [B, T]
        p = masked_softmax(scores, length_mask(lengths, h.shape[1]))
        context = torch.bmm(p.unsqueeze(1), h).squeeze(1)   # [B, 128]
        log_probs = F.log_softmax(self.classifier(context), dim=-1)
        return log_probs, p


# ---------------------------------------------------------------------------
# b. Listen-Attend-Spell
# ---------------------------------------------------------------------------


def run_packed_lstm(lstm, x, lengths):
    """A batch_first nn.LSTM over packed sequences; padded frames are zero.
    Utterances of length 0 give all-zero outputs."""
    b, t, _ = x.shape
    out = x.new_zeros(b, t, lstm.hidden_size * (2 if lstm.bidirectional else 1))
    keep = (lengths > 0).nonzero().flatten()
    if t == 0 or keep.numel() == 0:
        return out
    packed = pack_padded_sequence(x[keep], lengths[keep].to(torch.int64).cpu(),
                                  batch_first=True, enforce_sorted=False)
    y, _ = lstm(packed)
    y, _ = pad_packed_sequence(y, batch_first=True, total_length=t)
    out[keep] = y
    return out


class Listener(nn.Module):
    def __init__(self):
        super().__init__()
        self.blstm0 = nn.LSTM(40, 128, batch_first=True, bidirectional=True)
        self.blstm1 = nn.LSTM(512, 128, batch_first=True, bidirectional=True)
        self.blstm2 = nn.LSTM(512, 128, batch_first=True, bidirectional=True)

    @staticmethod
    def pyramid(x, lengths):
        """Concatenates pairs of frames: [B, T, C] -> [B, T // 2, 2C]."""
        b, t, c = x.shape
        x = x[:, :(t // 2) * 2].reshape(b, t // 2, 2 * c)
        return x, conv_out_length(lengths, kernel=2, stride=2)

    def forward(self, features, lengths):
        x = run_packed_lstm(self.blstm0, features, lengths)
        x, lengths = self.pyramid(x, lengths)
        x = run_packed_lstm(self.blstm1, x, lengths)
        x, lengths = self.pyramid(x, lengths)
        x = run_packed_lstm(self.blstm2, x, lengths)
        return x, lengths


class LocationAwareAttention(nn.Module):
    """Chorowski et al.: e_t = v . tanh(W q + V k_t + U f_t + b),
    f = conv(prev_alignment), p = softmax over valid t, c = sum p_t k_t."""

    def __init__(self, d_query, d_key, d_attn, filters, width):
        super().__init__()
        self.query = nn.Linear(d_query, d_attn, bias=False)
        self.key = nn.Linear(d_key, d_attn)                 # its bias is b
        self.location = nn.Linear(filters, d_attn, bias=False)
        self.location_conv = nn.Conv1d(1, filters, width, padding=(width - 1) // 2, bias=False)
        self.v = nn.Parameter(torch.zeros(d_attn))

    def forward(self, query, keys, prev_alignment, key_lengths):
        f = self.location_conv(prev_alignment.unsqueeze(1)).transpose(1, 2)   # [B, T, F]
        e = torch.tanh(self.query(query).unsqueeze(1) + self.key(keys) + self.location(f))
        scores = torch.matmul(e, self.v)                                      # [B, T]
        p = masked_softmax(scores, length_mask(key_lengths, keys.shape[1]))
        context = torch.bmm(p.unsqueeze(1), keys).squeeze(1)
        return context, p


class Speller(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(32, 64)
        self.cell = nn.LSTMCell(64 + 256, 256)
        self.attention = LocationAwareAttention(256, 256, 128, filters=10, width=31)
        self.output = nn.Linear(256 + 256, 32)


class LAS(nn.Module):
    def __init__(self):
        super().__init__()
        self.listener = Listener()
        self.speller = Speller()

    def encode(self, features, lengths):
        return self.listener(features, lengths)

    def decode_step(self, token, h, c, prev_context, prev_alignment, encoded, encoded_lengths):
        s = self.speller
        e = s.embedding(token.to(torch.int64))
        h, c = s.cell(torch.cat([e, prev_context], dim=-1), (h, c))
        context, alignment = s.attention(h, encoded, prev_alignment, encoded_lengths)
        log_probs = F.log_softmax(s.output(torch.cat([h, context], dim=-1)), dim=-1)
        return log_probs, h, c, context, alignment


# ---------------------------------------------------------------------------
# c. Whisper tiny (openai-whisper's module layout)
# ---------------------------------------------------------------------------


def whisper_sinusoids(length, channels, max_timescale=10000):
    """openai-whisper's sinusoids(): [sin | cos] halves."""
    assert channels % 2 == 0
    log_timescale_increment = math.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_timescale_increment *
                               torch.arange(channels // 2, dtype=torch.float64))
    scaled_time = torch.arange(length, dtype=torch.float64)[:, None] * inv_timescales[None, :]
    return torch.cat([torch.sin(scaled_time), torch.cos(scaled_time)], dim=1)  # float64


class WhisperAttention(nn.Module):
    """whisper.model.MultiHeadAttention: key without bias, q and k scaled by
    d_head^-0.25 each. `key_mask` [B, Lk] (True = valid) and `causal` mask."""

    def __init__(self, d, heads):
        super().__init__()
        self.n_head = heads
        self.query = nn.Linear(d, d)
        self.key = nn.Linear(d, d, bias=False)
        self.value = nn.Linear(d, d)
        self.out = nn.Linear(d, d)

    def attend(self, q, k, v, causal=False, key_mask=None):
        b, lq, d = q.shape
        lk = k.shape[1]
        scale = (d // self.n_head) ** -0.25
        q = q.view(b, lq, self.n_head, -1).permute(0, 2, 1, 3) * scale
        k = k.view(b, lk, self.n_head, -1).permute(0, 2, 3, 1) * scale
        v = v.view(b, lk, self.n_head, -1).permute(0, 2, 1, 3)
        qk = q @ k                                                  # [B, H, Lq, Lk]
        if not causal and key_mask is None:     # openai-whisper's unmasked path
            w = torch.softmax(qk, dim=-1)
        else:
            mask = torch.ones(b, 1, lq, lk, dtype=torch.bool)
            if causal:
                mask = mask & torch.ones(lq, lk, dtype=torch.bool).tril()
            if key_mask is not None:
                mask = mask & key_mask[:, None, None, :]
            w = masked_softmax(qk, mask)
        return (w @ v).permute(0, 2, 1, 3).flatten(start_dim=2)

    def forward(self, x, xa=None, causal=False):
        kv = x if xa is None else xa
        return self.out(self.attend(self.query(x), self.key(kv), self.value(kv), causal))


class WhisperBlock(nn.Module):
    def __init__(self, d, heads, cross):
        super().__init__()
        self.attn = WhisperAttention(d, heads)
        self.attn_ln = nn.LayerNorm(d)
        self.cross_attn = WhisperAttention(d, heads) if cross else None
        self.cross_attn_ln = nn.LayerNorm(d) if cross else None
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.mlp_ln = nn.LayerNorm(d)

    def forward(self, x, xa=None, causal=False):
        x = x + self.attn(self.attn_ln(x), causal=causal)
        if self.cross_attn is not None:
            x = x + self.cross_attn(self.cross_attn_ln(x), xa)
        return x + self.mlp(self.mlp_ln(x))


class WhisperEncoder(nn.Module):
    def __init__(self, n_mels=80, d=384, heads=6, layers=4):
        super().__init__()
        self.conv1 = nn.Conv1d(n_mels, d, 3, padding=1)
        self.conv2 = nn.Conv1d(d, d, 3, stride=2, padding=1)
        self.blocks = nn.ModuleList([WhisperBlock(d, heads, cross=False) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(d)
        self.d = d

    def forward(self, mel):                                 # [B, T, 80]
        x = F.gelu(self.conv1(mel.transpose(1, 2)))
        x = F.gelu(self.conv2(x)).transpose(1, 2)           # [B, T', 384]
        x = x + whisper_sinusoids(x.shape[1], self.d).to(x.dtype)
        for block in self.blocks:
            x = block(x)
        return self.ln_post(x)


class WhisperDecoder(nn.Module):
    def __init__(self, vocab=51865, ctx=448, d=384, heads=6, layers=4):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, d)
        self.positional_embedding = nn.Parameter(torch.zeros(ctx, d))
        self.blocks = nn.ModuleList([WhisperBlock(d, heads, cross=True) for _ in range(layers)])
        self.ln = nn.LayerNorm(d)

    def logits(self, x):
        return self.ln(x) @ self.token_embedding.weight.t()

    def forward(self, tokens, encoded):                     # whole sequence, causal
        length = tokens.shape[1]
        x = self.token_embedding(tokens.to(torch.int64)) + self.positional_embedding[:length]
        for block in self.blocks:
            x = block(x, encoded, causal=True)
        return self.logits(x)

    def step(self, token, position, encoded, caches):
        """One token per utterance at per-utterance `position`; caches: list of
        (k, v) [B, ctx, d] of projected keys/values. Returns logits and the
        updated caches (the new key/value written at `position`)."""
        pos = position.to(torch.int64)
        b = token.shape[0]
        x = self.token_embedding(token.to(torch.int64)) + self.positional_embedding[pos][:, None]
        key_mask = length_mask(pos + 1, caches[0][0].shape[1])
        rows = torch.arange(b)
        new_caches = []
        for block, (k_cache, v_cache) in zip(self.blocks, caches):
            h = block.attn_ln(x)
            q, k, v = block.attn.query(h), block.attn.key(h), block.attn.value(h)
            k_cache, v_cache = k_cache.clone(), v_cache.clone()
            k_cache[rows, pos] = k[:, 0]
            v_cache[rows, pos] = v[:, 0]
            new_caches.append((k_cache, v_cache))
            a = block.attn.attend(q, k_cache, v_cache, key_mask=key_mask)
            x = x + block.attn.out(a)
            x = x + block.cross_attn(block.cross_attn_ln(x), encoded)
            x = x + block.mlp(block.mlp_ln(x))
        return self.logits(x), new_caches


class WhisperStyle(nn.Module):
    """A Whisper-style encoder-decoder of any size: encode (log-mel ->
    features), decode (all tokens at once, causal) and decode_step (one
    token, an explicit [B, ctx, d] self-attention key/value cache per
    decoder layer, flattened as k_0, v_0, k_1, ...)."""

    def __init__(self, n_mels, d, heads, encoder_layers, decoder_layers, vocab, ctx):
        super().__init__()
        self.encoder = WhisperEncoder(n_mels, d, heads, encoder_layers)
        self.decoder = WhisperDecoder(vocab, ctx, d, heads, decoder_layers)
        self.decoder_layers = decoder_layers

    def encode(self, mel):
        return (self.encoder(mel),)

    def decode(self, tokens, encoded):
        return (self.decoder(tokens, encoded),)

    def decode_step(self, token, position, encoded, *caches):
        assert len(caches) == 2 * self.decoder_layers
        pairs = [(caches[2 * i], caches[2 * i + 1]) for i in range(self.decoder_layers)]
        logits, new = self.decoder.step(token, position, encoded, pairs)
        flat = []
        for k, v in new:
            flat += [k, v]
        return (logits,) + tuple(flat)


class WhisperTiny(WhisperStyle):
    LAYERS = 4
    CTX = 448
    D = 384
    VOCAB = 51865

    def __init__(self):
        super().__init__(80, self.D, 6, self.LAYERS, self.LAYERS, self.VOCAB, self.CTX)


# ---------------------------------------------------------------------------
# d. Conformer-CTC
# ---------------------------------------------------------------------------


def vaswani_positions(length, d):
    """sin at even channels, cos at odd ones (Vaswani et al.)."""
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    pe = torch.zeros(length, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe  # float64


class Conv2dSubsampling(nn.Module):
    def __init__(self, n_mels=80, d=144):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, d, 3, stride=2), nn.ReLU(),
                                  nn.Conv2d(d, d, 3, stride=2), nn.ReLU())
        f = ((n_mels - 3) // 2 + 1 - 3) // 2 + 1
        self.out = nn.Linear(d * f, d)

    def forward(self, x, lengths):                            # [B, T, 80]
        x = self.conv(x.unsqueeze(1))                         # [B, C, T', F']
        b, c, t, f = x.shape
        x = self.out(x.transpose(1, 2).reshape(b, t, c * f))
        lengths = conv_out_length(conv_out_length(lengths, 3, 2), 3, 2)
        return x, lengths


class HalfStepFFN(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.ffn = nn.Sequential(nn.Linear(d, hidden), nn.SiLU(), nn.Linear(hidden, d))

    def forward(self, x):
        return x + 0.5 * self.ffn(self.norm(x))


class SelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(d, d)
        self.key = nn.Linear(d, d)
        self.value = nn.Linear(d, d)
        self.out = nn.Linear(d, d)

    def forward(self, x, key_mask):
        b, t, d = x.shape
        dh = d // self.heads

        def split(y):
            return y.view(b, t, self.heads, dh).transpose(1, 2)   # [B, H, T, dh]

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
        p = masked_softmax(scores, key_mask[:, None, None, :])
        return self.out((p @ v).transpose(1, 2).reshape(b, t, d))


class ConvModule(nn.Module):
    def __init__(self, d, kernel):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.pointwise1 = nn.Linear(d, 2 * d)
        self.depthwise = nn.Conv1d(d, d, kernel, padding=(kernel - 1) // 2, groups=d)
        self.batch_norm = nn.BatchNorm1d(d)
        self.pointwise2 = nn.Linear(d, d)

    def forward(self, x):
        h = F.glu(self.pointwise1(self.norm(x)), dim=-1)      # [B, T, d]
        h = self.depthwise(h.transpose(1, 2))
        h = F.silu(self.batch_norm(h)).transpose(1, 2)
        return x + self.pointwise2(h)


class ConformerBlock(nn.Module):
    def __init__(self, d=144, heads=4, ffn=576, kernel=15):
        super().__init__()
        self.ffn1 = HalfStepFFN(d, ffn)
        self.attn_norm = nn.LayerNorm(d)
        self.self_attn = SelfAttention(d, heads)
        self.conv = ConvModule(d, kernel)
        self.ffn2 = HalfStepFFN(d, ffn)
        self.final_norm = nn.LayerNorm(d)

    def forward(self, x, key_mask):
        x = self.ffn1(x)
        x = x + self.self_attn(self.attn_norm(x), key_mask)
        x = self.conv(x)
        x = self.ffn2(x)
        return self.final_norm(x)


class ConformerEncoder(nn.Module):
    def __init__(self, layers=2):
        super().__init__()
        self.subsampling = Conv2dSubsampling()
        self.layers = nn.ModuleList([ConformerBlock() for _ in range(layers)])


class ConformerCTC(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = ConformerEncoder()
        self.ctc_head = nn.Linear(144, 32)

    def encode(self, features, lengths):
        x, lengths = self.encoder.subsampling(features, lengths)
        x = x + vaswani_positions(x.shape[1], x.shape[2]).to(x.dtype)
        key_mask = length_mask(lengths, x.shape[1])
        for layer in self.encoder.layers:
            x = layer(x, key_mask)
        return F.log_softmax(self.ctc_head(x), dim=-1), lengths


# ---------------------------------------------------------------------------

MODELS = {
    "content_attention": ContentAttention,
    "las": LAS,
    "whisper_tiny": WhisperTiny,
    "conformer_ctc": ConformerCTC,
}


def build(name, weights_path, dtype=torch.float32):
    """The reference model `name`, loaded from `weights_path`, in eval mode."""
    model = MODELS[name]()
    load_weights(model, weights_path)
    return model.to(dtype)
