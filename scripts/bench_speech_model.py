"""The Whisper-tiny-shaped model of scripts/bench_speech.py, taking raw 16 kHz
samples: reference_models.WhisperTiny (test/e2e/reference_models.py) with
`encode_samples(samples) = encoder(whisper_log_mel(samples, 80))`, so that
the importer (frontend/torch/asr_import_torch.py) maps the front end onto one
`log_mel` node and the compiled library takes samples.

Weights are random (seeded): every parameter normal * 0.02, layer-norm
scales 1 + normal * 0.02 (the decoder's positional embedding, zeros by
default, is filled too, so that successive steps differ).
"""
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (os.path.join(ROOT, "frontend", "torch"), os.path.join(ROOT, "test", "e2e")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from asr_torch.audio import whisper_log_mel  # noqa: E402
from asr_torch.families import whisper_style_decode_step, whisper_style_decoding  # noqa: E402
from reference_models import WhisperTiny  # noqa: E402

SOT, EOT = 50258, 50257
N_MELS = 80
SAMPLE_RATE = 16000
WINDOW_SECONDS = 30
LAYERS, D, CTX, VOCAB = WhisperTiny.LAYERS, WhisperTiny.D, WhisperTiny.CTX, WhisperTiny.VOCAB


class WhisperTinySamples(WhisperTiny):
    def encode_samples(self, samples):
        """[B, N] samples at 16 kHz -> [B, N // 320, 384] encoder states."""
        return (self.encoder(whisper_log_mel(samples, N_MELS)),)


def seeded_state_dict(seed=0, scale=0.02):
    """A state_dict of WhisperTinySamples with seeded random values."""
    torch.manual_seed(seed)
    model = WhisperTinySamples()
    with torch.no_grad():
        for name, module in model.named_modules():
            for pname, p in module.named_parameters(recurse=False):
                p.normal_(0.0, scale)
                if isinstance(module, torch.nn.LayerNorm) and pname == "weight":
                    p.add_(1.0)
    return model.state_dict()


def entries():
    return ["encode=encode_samples(samples: f32[B,N]) -> (encoded)",
            whisper_style_decode_step(D, CTX, LAYERS)]


def decoding(max_length=224):
    return whisper_style_decoding(LAYERS, SOT, EOT, max_length)


def transcription():
    return {"sample_rate": SAMPLE_RATE, "tokens": ["<%d>" % i for i in range(VOCAB)],
            "separator": " ", "window_seconds": WINDOW_SECONDS}
