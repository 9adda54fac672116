"""The four example families, importable by name (`--family NAME`).

Their PyTorch definitions are the reference models of the end-to-end tests,
test/e2e/reference_models.py (plain torch.nn, state_dict names equal to the
example specs' weight names). A family gives the model class, its entry
points with input declarations and output names, and the helper functions of
that file the importer maps as a whole (LAS's packed-sequence BLSTM runner).
"""
import os
import sys

from .importer import parse_entry

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))))
REFERENCE_DIR = os.path.join(ROOT, "test", "e2e")


def whisper_style_decode_step(d, ctx, layers):
    """The entry declaration of a Whisper-style decode_step (WhisperStyle in
    the reference models): one token at `position`, the encoder output per
    utterance, a [B, ctx, d] self-attention key and value cache per layer in
    and out."""
    names = ["self_%s_%d" % (kv, i) for i in range(layers) for kv in "kv"]
    return ("decode_step(token: i32[B,1], position: i32[B], encoded: f32[B,S,%d] per_utterance, "
            "%s) -> (logits, %s)" % (d, ", ".join("%s: f32[B,%d,%d]" % (n, ctx, d) for n in names),
                                     ", ".join(names)))


def whisper_style_decoding(layers, start_token, end_token, max_length):
    """The spec's "decoding" recipe for a Whisper-style encode +
    decode_step: the caches carried from step to step, the encoder output
    fixed per utterance."""
    return {
        "kind": "attention", "encode": "encode", "step": "decode_step",
        "token": "token", "position": "position", "scores": "logits", "scores_are": "logits",
        "state": [{"input": n, "output": n} for i in range(layers)
                  for n in ("self_k_%d" % i, "self_v_%d" % i)],
        "from_encoder": {"encoded": "encoded"},
        "start_tokens": [start_token], "end_token": end_token, "max_length": max_length,
    }


FAMILIES = {
    "content_attention": {
        "class": "ContentAttention",
        "entries": ["encode(features: f32[B,T,40], lengths: i32[B]) -> (log_probs, alignment)"],
    },
    "las": {
        "class": "LAS",
        "entries": [
            "encode(features: f32[B,T,40], lengths: i32[B]) -> (encoded, encoded_lengths)",
            "decode_step(token: i32[B], h: f32[B,256], c: f32[B,256], prev_context: f32[B,256], "
            "prev_alignment: f32[B,S], encoded: f32[B,S,256] per_utterance, "
            "encoded_lengths: i32[B] per_utterance) -> (log_probs, h, c, context, alignment)",
        ],
    },
    "whisper_tiny": {
        "class": "WhisperTiny",
        "entries": [
            "encode(mel: f32[B,T,80]) -> (encoded)",
            "decode(tokens: i32[B,L], encoded: f32[B,S,384]) -> (logits)",
            whisper_style_decode_step(384, 448, 4),
        ],
    },
    "conformer_ctc": {
        "class": "ConformerCTC",
        "entries": ["encode(features: f32[B,T,80], lengths: i32[B]) -> (log_probs, output_lengths)"],
    },
}


def reference_module():
    if REFERENCE_DIR not in sys.path:
        sys.path.insert(0, REFERENCE_DIR)
    import reference_models
    return reference_models


def family(name):
    """(model factory, [Entry], known_functions) of a family."""
    if name not in FAMILIES:
        raise KeyError(name)
    f = FAMILIES[name]
    R = reference_module()
    known = {}
    if hasattr(R, "run_packed_lstm"):
        known[R.run_packed_lstm] = _packed_lstm
    return getattr(R, f["class"]), [parse_entry(e) for e in f["entries"]], known


def _packed_lstm(conv, node, args, kwargs):
    """reference_models.run_packed_lstm(lstm, x, lengths): a batch_first LSTM
    over packed sequences with zero padded frames == asr.lstm with lengths."""
    from . import convert
    from .convert import Unmappable, PackedSeq
    lstm, x, lengths = args
    prefix = None
    for n, m in conv.tracer.root.named_modules():
        if m is lstm:
            prefix = conv.module_prefix(n)
    if prefix is None or not lstm.batch_first:
        raise Unmappable("run_packed_lstm on an LSTM that is not a batch_first submodule")
    packed = PackedSeq(conv.tv(x), conv.tv(lengths).materialize(conv.eb))
    out, _ = convert._rnn(conv, node, lstm, prefix, (packed,), {}, "lstm")
    return out.tv
