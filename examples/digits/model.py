"""The digits demo model: a small Whisper-style encoder-decoder that turns
16 kHz speech into spoken digit strings ("three one four").

    samples [B, N] -> log-mel (Whisper's, 80 mels) -> conv (k3) -> conv (k3,
    stride 2) -> sinusoidal positions -> 4 pre-LN transformer blocks (d 128,
    4 heads) -> decoder: 2 blocks with causal self-attention (KV cache) and
    cross-attention, logits over 12 word tokens.

Tokens: 0-9 are the words "zero" .. "nine", 10 starts a transcript, 11 ends
it. The blocks are the reference models' (test/e2e/reference_models.py,
openai-whisper's module layout); the front end is asr_torch.audio's
whisper_log_mel, which the importer maps onto one `log_mel` node, so the
compiled library takes raw samples.

train.py trains it; export.py imports it into examples/digits/digits.json +
digits.safetensors with asr_import_torch's machinery.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for p in (os.path.join(ROOT, "frontend", "torch"), os.path.join(ROOT, "test", "e2e")):
    if p not in sys.path:
        sys.path.insert(0, p)

from asr_torch.audio import whisper_log_mel  # noqa: E402
from asr_torch.families import whisper_style_decode_step, whisper_style_decoding  # noqa: E402
from reference_models import WhisperStyle  # noqa: E402

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
SOS, EOS = 10, 11
VOCAB = 12
TOKENS = WORDS + ["<|startoftranscript|>", "<|endoftext|>"]
SAMPLE_RATE = 16000
N_MELS = 80
D, HEADS, ENCODER_LAYERS, DECODER_LAYERS = 128, 4, 4, 2
CTX = 32            # decoder positions: the start token + at most 30 digits + the end
MAX_LENGTH = CTX - 1
WINDOW_SECONDS = 10  # longer audio is cut into windows of this length


class Digits(WhisperStyle):
    def __init__(self):
        super().__init__(N_MELS, D, HEADS, ENCODER_LAYERS, DECODER_LAYERS, VOCAB, CTX)

    def encode_samples(self, samples):
        """[B, N] samples at 16 kHz -> [B, N // 320, 128] encoder states."""
        return (self.encoder(whisper_log_mel(samples, N_MELS)),)


def tokens_to_text(tokens):
    """The text asr-run prints: the transcription table's token texts."""
    return " ".join(TOKENS[t] for t in tokens)


def text_to_tokens(text):
    return [WORDS.index(w) for w in text.split()]


def entries():
    """asr_import_torch entry declarations of the compiled library."""
    return ["encode=encode_samples(samples: f32[B,N]) -> (encoded)",
            whisper_style_decode_step(D, CTX, DECODER_LAYERS)]


def decoding():
    """The spec's "decoding" recipe: greedy/beam search over decode_step."""
    return whisper_style_decoding(DECODER_LAYERS, SOS, EOS, MAX_LENGTH)


def greedy(model, samples, max_length=MAX_LENGTH):
    """PyTorch greedy decoding of one utterance ([N] samples): token ids."""
    with torch.no_grad():
        enc = model.encode_samples(samples[None])[0]
        tokens = [SOS]
        for _ in range(max_length):
            logits = model.decoder(torch.tensor([tokens]), enc)[0, -1]
            t = int(logits.argmax())
            if t == EOS:
                break
            tokens.append(t)
        return tokens[1:]
