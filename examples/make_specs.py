#!/usr/bin/env python3
"""Writes the example model specs (stdlib only, deterministic).

    python3 examples/make_specs.py [--check]

(Re)writes, next to this script:

    content_attention/content_attention.json  the model of the original write-up
    las/las.json                              a small Listen-Attend-Spell
    whisper_tiny/whisper_tiny.json            Whisper-tiny shapes and state_dict names
    conformer_ctc/conformer_ctc.json          a small Conformer-CTC

Every weight a node uses is declared in "weights.tensors" (dtype and shape),
so `asrc SPEC.json --emit=mlir` works without a weights file;
scripts/gen_weights.py SPEC.json writes random weights with those shapes to the
spec's "weights.file". With --check nothing is written and the exit status is 1
when a file on disk differs from what would be generated.

The op vocabulary (op names, input slots, weight roles and their default
PyTorch suffixes, attributes) is frontend/OpTable.cpp; op semantics and
layouts are in dialect/ASROps.td (activations channels-last [B, T, C] except
conv2d, which is NCHW; weights in PyTorch layouts).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "frontend", "torch"))
from asr_torch.jsontext import to_text  # noqa: E402 (the spec layout the importer writes too)
from asr_torch.families import whisper_style_decoding  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Spec builders
# ---------------------------------------------------------------------------


class Model:
    """A spec: name, description and the weights shared by its entry points."""

    def __init__(self, name, description):
        self.name = name
        self.description = description
        self.tensors = {}  # name -> {"dtype", "shape"}, in declaration order
        self.entry_points = []
        self.decoding = None  # the "decoding" recipe (docs/model-spec.md), if any

    def declare(self, name, shape, dtype="F32"):
        """Declares a weight; declaring it again must agree on dtype and shape."""
        shape = [int(d) for d in shape]
        entry = {"dtype": dtype, "shape": shape}
        old = self.tensors.get(name)
        if old is not None and old != entry:
            raise ValueError("weight %r declared as %r and as %r" % (name, old, entry))
        self.tensors[name] = entry
        return name

    def entry_point(self, name, description):
        ep = EntryPoint(self, name, description)
        self.entry_points.append(ep)
        return ep

    def num_parameters(self):
        total = 0
        for t in self.tensors.values():
            n = 1
            for d in t["shape"]:
                n *= d
            total += n
        return total

    def to_json(self):
        return {
            "name": self.name,
            "description": self.description,
            "version": 1,
            "weights": {"file": self.name + ".safetensors", "tensors": self.tensors},
            "entry_points": [ep.to_json() for ep in self.entry_points],
            **({"decoding": self.decoding} if self.decoding else {}),
        }


class EntryPoint:
    """One entry point: inputs, a node list and outputs. Node builders return
    the reference ("node" or "node:result") of the value they produce."""

    def __init__(self, model, name, description):
        self.model = model
        self.name = name
        self.description = description
        self.inputs = []
        self.nodes = []
        self.outputs = []
        self._names = set()

    # -- plumbing ----------------------------------------------------------

    def input(self, name, dtype, shape, description=None, per_utterance=False):
        entry = {"name": name, "dtype": dtype, "shape": list(shape)}
        if description:
            entry["description"] = description
        if per_utterance:
            # Fixed for the whole utterance: asrc moves the work that depends
            # only on such inputs into <entry>_prepare (asr-hoist-per-utterance).
            entry["per_utterance"] = True
        self.inputs.append(entry)
        self._names.add(name)
        return name

    def output(self, name, value, description=None):
        entry = {"name": name, "value": value}
        if description:
            entry["description"] = description
        self.outputs.append(entry)

    def node(self, name, op, inputs, attrs=None, weight_prefix=None, weights=None):
        if name in self._names:
            raise ValueError("%s: duplicate node name %r" % (self.name, name))
        self._names.add(name)
        n = {"name": name, "op": op, "inputs": inputs}
        if weight_prefix is not None:
            n["weight_prefix"] = weight_prefix
        if weights is not None:
            n["weights"] = weights
        if attrs:
            n["attrs"] = attrs
        self.nodes.append(n)
        return name

    def constant(self, name, value, dtype="f32", shape=(1,)):
        if name in self._names:
            raise ValueError("%s: duplicate node name %r" % (self.name, name))
        self._names.add(name)
        self.nodes.append({"name": name, "op": "constant", "value": value, "dtype": dtype,
                           "shape": list(shape)})
        return name

    def to_json(self):
        return {"name": self.name, "description": self.description, "inputs": self.inputs,
                "nodes": self.nodes, "outputs": self.outputs}

    # -- elementwise and data movement --------------------------------------

    def unary(self, name, op, x):
        return self.node(name, op, [x])

    def add(self, name, a, b):
        return self.node(name, "add", [a, b])

    def scale(self, name, x, factor):
        return self.node(name, "scale", [x], {"factor": factor})

    def concat(self, name, xs, axis=-1):
        return self.node(name, "concat", list(xs), {"axis": axis})

    def reshape(self, name, x, shape):
        return self.node(name, "reshape", [x], {"shape": list(shape)})

    def transpose(self, name, x, perm):
        return self.node(name, "transpose", [x], {"perm": list(perm)})

    def log_softmax(self, name, x, axis=-1):
        return self.node(name, "log_softmax", [x], {"axis": axis})

    def subsample_lengths(self, name, lengths, kernel, stride=1, padding=0):
        attrs = {"kernel": kernel, "stride": stride}
        if padding:
            attrs["padding"] = padding
        return self.node(name, "subsample_lengths", [lengths], attrs)

    # -- layers with weights -------------------------------------------------

    def linear(self, name, x, prefix, d_in, d_out, bias=True):
        m = self.model
        m.declare(prefix + ".weight", [d_out, d_in])
        if bias:
            m.declare(prefix + ".bias", [d_out])
        return self.node(name, "linear", [x], weight_prefix=prefix)

    def conv1d(self, name, x, prefix, c_in, c_out, kernel, stride=1, padding=0, groups=1,
               bias=True):
        m = self.model
        m.declare(prefix + ".weight", [c_out, c_in // groups, kernel])
        if bias:
            m.declare(prefix + ".bias", [c_out])
        attrs = {}
        if stride != 1:
            attrs["stride"] = stride
        if padding:
            attrs["padding"] = padding
        if groups != 1:
            attrs["groups"] = groups
        return self.node(name, "conv1d", [x], attrs, weight_prefix=prefix)

    def conv2d(self, name, x, prefix, c_in, c_out, kernel, stride=(1, 1), padding=(0, 0),
               bias=True):
        m = self.model
        m.declare(prefix + ".weight", [c_out, c_in, kernel[0], kernel[1]])
        if bias:
            m.declare(prefix + ".bias", [c_out])
        attrs = {"stride": list(stride)}
        if any(padding):
            attrs["padding"] = list(padding)
        return self.node(name, "conv2d", [x], attrs, weight_prefix=prefix)

    def layer_norm(self, name, x, prefix, d):
        self.model.declare(prefix + ".weight", [d])
        self.model.declare(prefix + ".bias", [d])
        return self.node(name, "layer_norm", [x], weight_prefix=prefix)

    def batch_norm(self, name, x, prefix, d):
        for role in ("running_mean", "running_var", "weight", "bias"):
            self.model.declare(prefix + "." + role, [d])
        return self.node(name, "batch_norm", [x], weight_prefix=prefix)

    def embedding(self, name, tokens, prefix, vocab, dim):
        self.model.declare(prefix + ".weight", [vocab, dim])
        return self.node(name, "embedding", [tokens], weight_prefix=prefix)

    def feed_forward(self, name, x, prefix, d, hidden, activation):
        """nn.Sequential(Linear(d, hidden), act, Linear(hidden, d)): "P.0.*", "P.2.*"."""
        m = self.model
        m.declare(prefix + ".0.weight", [hidden, d])
        m.declare(prefix + ".0.bias", [hidden])
        m.declare(prefix + ".2.weight", [d, hidden])
        m.declare(prefix + ".2.bias", [d])
        return self.node(name, "feed_forward", [x], {"activation": activation},
                         weight_prefix=prefix)

    def mha(self, name, query, key_value, prefix, d, num_heads, key_bias=True, causal=False,
            key_lengths=None):
        """multi_head_attention with "P.{query,key,value,out}.{weight,bias}"."""
        m = self.model
        for proj in ("query", "key", "value", "out"):
            m.declare("%s.%s.weight" % (prefix, proj), [d, d])
            if proj != "key" or key_bias:
                m.declare("%s.%s.bias" % (prefix, proj), [d])
        inputs = {"query": query, "key_value": key_value}
        if key_lengths is not None:
            inputs["key_lengths"] = key_lengths
        attrs = {"num_heads": num_heads}
        if causal:
            attrs["causal"] = True
        return self.node(name, "multi_head_attention", inputs, attrs, weight_prefix=prefix)

    def lstm(self, name, x, prefix, d_in, hidden, bidirectional=False, lengths=None):
        """torch.nn.LSTM(d_in, hidden, bidirectional=...): "P.weight_ih_l0", ..."""
        m = self.model
        for sfx in ([""] + (["_reverse"] if bidirectional else [])):
            m.declare("%s.weight_ih_l0%s" % (prefix, sfx), [4 * hidden, d_in])
            m.declare("%s.weight_hh_l0%s" % (prefix, sfx), [4 * hidden, hidden])
            m.declare("%s.bias_ih_l0%s" % (prefix, sfx), [4 * hidden])
            m.declare("%s.bias_hh_l0%s" % (prefix, sfx), [4 * hidden])
        inputs = {"input": x}
        if lengths is not None:
            inputs["lengths"] = lengths
        attrs = {"bidirectional": True} if bidirectional else None
        return self.node(name, "lstm", inputs, attrs, weight_prefix=prefix)

    def lstm_cell(self, name, x, h, c, prefix, d_in, hidden):
        """torch.nn.LSTMCell(d_in, hidden): "P.weight_ih", ...; results "name:h", "name:c"."""
        m = self.model
        m.declare(prefix + ".weight_ih", [4 * hidden, d_in])
        m.declare(prefix + ".weight_hh", [4 * hidden, hidden])
        m.declare(prefix + ".bias_ih", [4 * hidden])
        m.declare(prefix + ".bias_hh", [4 * hidden])
        self.node(name, "lstm_cell", {"input": x, "h": h, "c": c}, weight_prefix=prefix)
        return name + ":h", name + ":c"

    def location_attention(self, name, query, keys, prev_alignment, prefix, d_query, d_key,
                           attention_dim, filters, width, key_lengths=None):
        """Chorowski attention; results "name:output" (context), "name:alignment"."""
        m = self.model
        m.declare(prefix + ".query.weight", [attention_dim, d_query])
        m.declare(prefix + ".key.weight", [attention_dim, d_key])
        m.declare(prefix + ".key.bias", [attention_dim])
        m.declare(prefix + ".location.weight", [attention_dim, filters])
        m.declare(prefix + ".location_conv.weight", [filters, 1, width])
        m.declare(prefix + ".v", [attention_dim])
        inputs = {"query": query, "keys": keys, "prev_alignment": prev_alignment}
        if key_lengths is not None:
            inputs["key_lengths"] = key_lengths
        self.node(name, "location_attention", inputs, weight_prefix=prefix)
        return name + ":output", name + ":alignment"


# ---------------------------------------------------------------------------
# a. content attention (the original write-up)
# ---------------------------------------------------------------------------


def content_attention():
    m = Model("content_attention",
              "The model of the original write-up: a two-layer conv1d + relu front end over "
              "40-dim features, content attention pooling over time (a_t = w . h_t + b, "
              "padded frames masked, softmax over time, c = sum_t p_t h_t) and an MLP "
              "classifier over 10 classes.")
    ep = m.entry_point("encode", "Utterance classification: log-probabilities and the "
                       "attention alignment over frames.")
    x = ep.input("features", "f32", ["B", "T", 40], "log-mel features, channels-last")
    lengths = ep.input("lengths", "i32", ["B"], "valid frames per utterance")
    x = ep.conv1d("conv1", x, "frontend.conv1", 40, 128, 5, padding=2)
    x = ep.unary("relu1", "relu", x)
    x = ep.conv1d("conv2", x, "frontend.conv2", 128, 128, 5, padding=2)
    x = ep.unary("relu2", "relu", x)
    m.declare("attention.weight", [1, 128])
    m.declare("attention.bias", [1])
    pool = ep.node("pool", "content_attention", {"input": x, "lengths": lengths},
                   weights={"w": "attention.weight", "b": "attention.bias"})
    x = ep.linear("fc1", pool + ":output", "classifier.0", 128, 64)
    x = ep.unary("fc1_relu", "relu", x)
    x = ep.linear("fc2", x, "classifier.2", 64, 10)
    x = ep.log_softmax("log_probs", x)
    ep.output("log_probs", x, "[B, 10] class log-probabilities")
    ep.output("alignment", pool + ":alignment", "[B, T] attention weights over frames")
    return m


# ---------------------------------------------------------------------------
# b. Listen-Attend-Spell
# ---------------------------------------------------------------------------

LAS_VOCAB = 32
LAS_EMBED = 64
LAS_HIDDEN = 128       # per direction in the listener
LAS_ENC = 2 * LAS_HIDDEN
LAS_DEC = 256          # speller LSTM cell
LAS_ATTN = 128
LAS_SOS, LAS_EOS = 1, 2  # start and end of a transcript (decoding recipe)


def las():
    m = Model("las",
              "A small Listen-Attend-Spell: a pyramidal BLSTM listener (T -> T/4, 256 "
              "features) and a one-step speller (embedding, LSTM cell, location-aware "
              "attention, output projection) over a 32-token vocabulary.")

    enc = m.entry_point("encode", "Listener: BLSTM then two pyramidal BLSTM layers.")
    x = enc.input("features", "f32", ["B", "T", 40], "filterbank features")
    lengths = enc.input("lengths", "i32", ["B"], "valid frames per utterance")
    x = enc.lstm("blstm0", x, "listener.blstm0", 40, LAS_HIDDEN, bidirectional=True,
                 lengths=lengths)
    for i in (1, 2):
        x = enc.node("pyramid%d" % i, "frame_concat", [x], {"factor": 2})
        lengths = enc.subsample_lengths("pyramid%d_lengths" % i, lengths, kernel=2, stride=2)
        x = enc.lstm("blstm%d" % i, x, "listener.blstm%d" % i, 2 * LAS_ENC, LAS_HIDDEN,
                     bidirectional=True, lengths=lengths)
    enc.output("encoded", x, "[B, T/4, 256] listener features")
    enc.output("encoded_lengths", lengths, "[B] valid encoded frames")

    dec = m.entry_point("decode_step", "One speller step: feeds the previous token and "
                        "context, attends over the listener output.")
    token = dec.input("token", "i32", ["B"], "previous token (start-of-sequence at step 0)")
    h = dec.input("h", "f32", ["B", LAS_DEC], "speller LSTM hidden state")
    c = dec.input("c", "f32", ["B", LAS_DEC], "speller LSTM cell state")
    prev_context = dec.input("prev_context", "f32", ["B", LAS_ENC], "previous context")
    prev_alignment = dec.input("prev_alignment", "f32", ["B", "S"], "previous alignment")
    encoded = dec.input("encoded", "f32", ["B", "S", LAS_ENC], "encode's output",
                        per_utterance=True)
    encoded_lengths = dec.input("encoded_lengths", "i32", ["B"], "encode's lengths",
                                per_utterance=True)
    e = dec.embedding("embed", token, "speller.embedding", LAS_VOCAB, LAS_EMBED)
    x = dec.concat("cell_input", [e, prev_context])
    h, c = dec.lstm_cell("cell", x, h, c, "speller.cell", LAS_EMBED + LAS_ENC, LAS_DEC)
    context, alignment = dec.location_attention(
        "attention", h, encoded, prev_alignment, "speller.attention", LAS_DEC, LAS_ENC,
        LAS_ATTN, filters=10, width=31, key_lengths=encoded_lengths)
    x = dec.concat("head_input", [h, context])
    x = dec.linear("head", x, "speller.output", LAS_DEC + LAS_ENC, LAS_VOCAB)
    x = dec.log_softmax("log_probs", x)
    dec.output("log_probs", x, "[B, 32] next-token log-probabilities")
    dec.output("h", h, "next hidden state")
    dec.output("c", c, "next cell state")
    dec.output("context", context, "next prev_context")
    dec.output("alignment", alignment, "next prev_alignment")
    # asrc_decode: greedy / beam search from <sos> = 1 until <eos> = 2.
    m.decoding = {
        "kind": "attention", "encode": "encode", "step": "decode_step",
        "token": "token", "scores": "log_probs", "scores_are": "log_probs",
        "state": [{"input": "h", "output": "h"}, {"input": "c", "output": "c"},
                  {"input": "prev_context", "output": "context"},
                  {"input": "prev_alignment", "output": "alignment", "init": "first"}],
        "from_encoder": {"encoded": "encoded", "encoded_lengths": "encoded_lengths"},
        "start_tokens": [LAS_SOS], "end_token": LAS_EOS, "max_length": 100,
    }
    return m


# ---------------------------------------------------------------------------
# c. Whisper tiny
# ---------------------------------------------------------------------------

W_MELS = 80
W_D = 384
W_HEADS = 6
W_LAYERS = 4
W_FFN = 4 * W_D
W_VOCAB = 51865
W_CTX = 448
W_SOT, W_EOT = 50258, 50257  # <|startoftranscript|>, <|endoftext|>


def whisper_residual_attention_block(ep, tag, x, prefix, encoded=None, causal=False):
    """Whisper's ResidualAttentionBlock: pre-LN self-attention (+ cross-attention
    in the decoder) and a gelu MLP, each with a residual connection."""
    h = ep.layer_norm(tag + ".attn_ln", x, prefix + ".attn_ln", W_D)
    h = ep.mha(tag + ".attn", h, h, prefix + ".attn", W_D, W_HEADS, key_bias=False,
               causal=causal)
    x = ep.add(tag + ".attn_residual", x, h)
    if encoded is not None:
        x = whisper_cross_attention(ep, tag, x, prefix, encoded)
    return whisper_mlp(ep, tag, x, prefix)


def whisper_cross_attention(ep, tag, x, prefix, encoded):
    h = ep.layer_norm(tag + ".cross_attn_ln", x, prefix + ".cross_attn_ln", W_D)
    h = ep.mha(tag + ".cross_attn", h, encoded, prefix + ".cross_attn", W_D, W_HEADS,
               key_bias=False)
    return ep.add(tag + ".cross_attn_residual", x, h)


def whisper_mlp(ep, tag, x, prefix):
    h = ep.layer_norm(tag + ".mlp_ln", x, prefix + ".mlp_ln", W_D)
    h = ep.feed_forward(tag + ".mlp", h, prefix + ".mlp", W_D, W_FFN, "gelu")
    return ep.add(tag + ".mlp_residual", x, h)


def whisper_logits(ep, x):
    """Whisper ties the output projection to the token embedding."""
    x = ep.layer_norm("ln", x, "decoder.ln", W_D)
    return ep.node("logits", "matmul", [x, "@decoder.token_embedding.weight"],
                   {"transpose_rhs": True})


def whisper_tiny():
    m = Model("whisper_tiny",
              "Whisper tiny (4 layers, d=384, 6 heads) with the openai-whisper state_dict "
              "names: encode (mel -> features), decode (all tokens at once, causal) and "
              "decode_step (one token with an explicit per-layer self-attention KV cache).")

    # encode
    enc = m.entry_point("encode", "Audio encoder: conv front end (stride 2), sinusoidal "
                        "positions, 4 pre-LN transformer blocks, final layer norm.")
    x = enc.input("mel", "f32", ["B", "T", W_MELS], "log-mel spectrogram, channels-last")
    x = enc.conv1d("conv1", x, "encoder.conv1", W_MELS, W_D, 3, padding=1)
    x = enc.unary("conv1_gelu", "gelu", x)
    x = enc.conv1d("conv2", x, "encoder.conv2", W_D, W_D, 3, stride=2, padding=1)
    x = enc.unary("conv2_gelu", "gelu", x)
    x = enc.node("positions", "sinusoidal_position", [x], {"style": "concat"})
    for i in range(W_LAYERS):
        x = whisper_residual_attention_block(enc, "blocks.%d" % i, x, "encoder.blocks.%d" % i)
    x = enc.layer_norm("ln_post", x, "encoder.ln_post", W_D)
    enc.output("encoded", x, "[B, T/2, 384] audio features")

    # decode: the whole token sequence, causal self-attention
    dec = m.entry_point("decode", "Text decoder over a whole token sequence (causal "
                        "self-attention, cross-attention on encoded), tied output projection.")
    tokens = dec.input("tokens", "i32", ["B", "L"], "token ids, L <= 448")
    encoded = dec.input("encoded", "f32", ["B", "S", W_D], "encode's output")
    x = dec.embedding("token_embedding", tokens, "decoder.token_embedding", W_VOCAB, W_D)
    m.declare("decoder.positional_embedding", [W_CTX, W_D])
    x = dec.node("positional_embedding", "learned_position", [x],
                 weights={"weight": "decoder.positional_embedding"})
    for i in range(W_LAYERS):
        x = whisper_residual_attention_block(dec, "blocks.%d" % i, x, "decoder.blocks.%d" % i,
                                             encoded=encoded, causal=True)
    dec.output("logits", whisper_logits(dec, x), "[B, L, 51865] next-token logits")

    # decode_step: one token, explicit self-attention KV cache
    step = m.entry_point("decode_step", "One decoder step with an explicit self-attention "
                         "KV cache per layer: the new token's key and value are written at "
                         "`position`, attention runs over the first position + 1 entries.")
    token = step.input("token", "i32", ["B", 1], "the current token")
    position = step.input("position", "i32", ["B"], "its position (the number of cached tokens)")
    encoded = step.input("encoded", "f32", ["B", "S", W_D], "encode's output",
                         per_utterance=True)
    caches = []
    for i in range(W_LAYERS):
        k = step.input("self_k_%d" % i, "f32", ["B", W_CTX, W_D], "layer %d key cache" % i)
        v = step.input("self_v_%d" % i, "f32", ["B", W_CTX, W_D], "layer %d value cache" % i)
        caches.append((k, v))
    x = step.embedding("token_embedding", token, "decoder.token_embedding", W_VOCAB, W_D)
    x = step.node("positional_embedding", "learned_position", {"input": x, "offset": position},
                  weights={"weight": "decoder.positional_embedding"})
    one = step.constant("one", 1, dtype="i32", shape=[1])
    valid = step.add("cache_lengths", position, one)
    updated = []
    for i, (k_cache, v_cache) in enumerate(caches):
        tag, prefix = "blocks.%d" % i, "decoder.blocks.%d" % i
        h = step.layer_norm(tag + ".attn_ln", x, prefix + ".attn_ln", W_D)
        q = step.linear(tag + ".attn.query", h, prefix + ".attn.query", W_D, W_D)
        k = step.linear(tag + ".attn.key", h, prefix + ".attn.key", W_D, W_D, bias=False)
        v = step.linear(tag + ".attn.value", h, prefix + ".attn.value", W_D, W_D)
        k_cache = step.node(tag + ".k_cache", "update_slice", [k_cache, k, position])
        v_cache = step.node(tag + ".v_cache", "update_slice", [v_cache, v, position])
        updated.append((k_cache, v_cache))
        a = step.node(tag + ".attn.sdpa", "sdpa",
                      {"query": q, "key": k_cache, "value": v_cache, "key_lengths": valid},
                      {"num_heads": W_HEADS})
        a = step.linear(tag + ".attn.out", a, prefix + ".attn.out", W_D, W_D)
        x = step.add(tag + ".attn_residual", x, a)
        x = whisper_cross_attention(step, tag, x, prefix, encoded)
        x = whisper_mlp(step, tag, x, prefix)
    step.output("logits", whisper_logits(step, x), "[B, 1, 51865] next-token logits")
    for i, (k_cache, v_cache) in enumerate(updated):
        step.output("self_k_%d" % i, k_cache, "layer %d key cache with the new token" % i)
        step.output("self_v_%d" % i, v_cache, "layer %d value cache with the new token" % i)
    # asrc_decode: from <|startoftranscript|> until <|endoftext|>, the token
    # at each step's position written into the self-attention caches.
    m.decoding = whisper_style_decoding(W_LAYERS, W_SOT, W_EOT, 224)
    return m


# ---------------------------------------------------------------------------
# d. Conformer-CTC
# ---------------------------------------------------------------------------

C_MELS = 80
C_D = 144
C_HEADS = 4
C_FFN = 576
C_KERNEL = 15
C_LAYERS = 2
C_VOCAB = 32


def conv2d_subsampling(ep, x, lengths, prefix):
    """Two 3x3 stride-2 conv2d + relu over (time, features): T -> T', 80 -> 19,
    then [B, T', 144 * 19] -> linear -> [B, T', 144]."""
    # [B, T, 80] -> [B, 1, T, 80]: reshape's 0 copies the input dim at the same
    # index, so only the batch dim is copied; time is the inferred (-1) dim.
    x = ep.reshape("subsampling.unsqueeze", x, [0, 1, -1, C_MELS])
    x = ep.conv2d("subsampling.conv1", x, prefix + ".conv.0", 1, C_D, (3, 3), stride=(2, 2))
    x = ep.unary("subsampling.relu1", "relu", x)
    x = ep.conv2d("subsampling.conv2", x, prefix + ".conv.2", C_D, C_D, (3, 3), stride=(2, 2))
    x = ep.unary("subsampling.relu2", "relu", x)
    freq = ((C_MELS - 3) // 2 + 1 - 3) // 2 + 1  # 19
    # [B, C, T', F'] -> [B, T', C, F'] -> [B, T', C * F'] (PyTorch's
    # x.transpose(1, 2).reshape(b, t, c * f)).
    x = ep.transpose("subsampling.transpose", x, [0, 2, 1, 3])
    x = ep.reshape("subsampling.flatten", x, [0, 0, -1])
    x = ep.linear("subsampling.out", x, prefix + ".out", C_D * freq, C_D)
    lengths = ep.subsample_lengths("subsampling.lengths1", lengths, kernel=3, stride=2)
    lengths = ep.subsample_lengths("subsampling.lengths2", lengths, kernel=3, stride=2)
    return x, lengths


def conformer_half_ffn(ep, tag, x, prefix):
    h = ep.layer_norm(tag + ".norm", x, prefix + ".norm", C_D)
    h = ep.feed_forward(tag + ".ffn", h, prefix + ".ffn", C_D, C_FFN, "silu")
    h = ep.scale(tag + ".half_step", h, 0.5)
    return ep.add(tag + ".residual", x, h)


def conformer_conv_module(ep, tag, x, prefix):
    """LayerNorm, pointwise (as linear) 144 -> 288, GLU, depthwise conv (k=15),
    BatchNorm, SiLU, pointwise 144 -> 144, residual. The pointwise convolutions
    are stored as linear weights [out, in] (a k=1 Conv1d weight squeezed)."""
    h = ep.layer_norm(tag + ".norm", x, prefix + ".norm", C_D)
    h = ep.linear(tag + ".pointwise1", h, prefix + ".pointwise1", C_D, 2 * C_D)
    h = ep.node(tag + ".glu", "glu", [h], {"axis": -1})
    h = ep.conv1d(tag + ".depthwise", h, prefix + ".depthwise", C_D, C_D, C_KERNEL,
                  padding=(C_KERNEL - 1) // 2, groups=C_D)
    h = ep.batch_norm(tag + ".batch_norm", h, prefix + ".batch_norm", C_D)
    h = ep.unary(tag + ".silu", "silu", h)
    h = ep.linear(tag + ".pointwise2", h, prefix + ".pointwise2", C_D, C_D)
    return ep.add(tag + ".residual", x, h)


def conformer_block(ep, tag, x, prefix, lengths):
    """Macaron FFN/2 -> MHSA -> conv module -> FFN/2 -> LayerNorm."""
    x = conformer_half_ffn(ep, tag + ".ffn1", x, prefix + ".ffn1")
    h = ep.layer_norm(tag + ".attn_norm", x, prefix + ".attn_norm", C_D)
    h = ep.mha(tag + ".self_attn", h, h, prefix + ".self_attn", C_D, C_HEADS,
               key_lengths=lengths)
    x = ep.add(tag + ".attn_residual", x, h)
    x = conformer_conv_module(ep, tag + ".conv", x, prefix + ".conv")
    x = conformer_half_ffn(ep, tag + ".ffn2", x, prefix + ".ffn2")
    return ep.layer_norm(tag + ".final_norm", x, prefix + ".final_norm", C_D)


def conformer_ctc():
    m = Model("conformer_ctc",
              "A small Conformer-CTC (2 blocks, d=144, 4 heads, FFN 576, conv kernel 15) with "
              "a conv2d subsampling front end (T -> T/4) and a CTC head over 32 tokens "
              "(blank = 0).")
    ep = m.entry_point("encode", "Per-frame CTC log-probabilities.")
    x = ep.input("features", "f32", ["B", "T", C_MELS], "log-mel features, channels-last")
    lengths = ep.input("lengths", "i32", ["B"], "valid frames per utterance")
    x, lengths = conv2d_subsampling(ep, x, lengths, "encoder.subsampling")
    x = ep.node("positions", "sinusoidal_position", [x], {"style": "interleaved"})
    for i in range(C_LAYERS):
        x = conformer_block(ep, "layers.%d" % i, x, "encoder.layers.%d" % i, lengths)
    x = ep.linear("ctc", x, "ctc_head", C_D, C_VOCAB)
    x = ep.log_softmax("log_probs", x)
    ep.output("log_probs", x, "[B, T', 32] CTC log-probabilities")
    ep.output("output_lengths", lengths, "[B] valid output frames")
    m.decoding = {"kind": "ctc", "encode": "encode", "log_probs": "log_probs",
                  "lengths": "output_lengths", "blank": 0}
    return m


# ---------------------------------------------------------------------------

EXAMPLES = [content_attention, las, whisper_tiny, conformer_ctc]


def render(model):
    return to_text(model.to_json()) + "\n"


def main(argv):
    check = "--check" in argv[1:]
    stale = []
    for make in EXAMPLES:
        model = make()
        path = os.path.join(HERE, model.name, model.name + ".json")
        text = render(model)
        counts = ", ".join("%s: %d nodes" % (ep.name, len(ep.nodes))
                           for ep in model.entry_points)
        summary = "%s: %d tensors, %d parameters; %s" % (
            os.path.relpath(path, HERE), len(model.tensors), model.num_parameters(), counts)
        if check:
            old = open(path).read() if os.path.exists(path) else None
            if old != text:
                stale.append(path)
            print(("stale " if old != text else "ok    ") + summary)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        print(summary)
    if stale:
        print("out of date (run examples/make_specs.py): " + " ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
