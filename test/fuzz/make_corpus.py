#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses (test/fuzz/corpus/<name>/).

The seeds are committed; this script is how they were made, and remakes them
(stdlib only): python3 test/fuzz/make_corpus.py

  spec         the example specs (examples/*/*.json) and small variants
  mlir         every `// -----` split of the dialect and pass lit tests
  safetensors  small valid files of each dtype, ranks 0 to 3
  wav          short WAVs: 8/16/24/32-bit PCM, 32-bit float, stereo
  runtime      valid calls of the examples/digits entry points in the byte
               format that FuzzRuntime.cpp documents

and the libFuzzer dictionary test/fuzz/spec.dict (every key and string value
of the example specs), which scripts/fuzz.sh passes to the spec harness.
"""
import json
import math
import os
import struct
import sys
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fuzz", "corpus")


def write(kind, name, data):
    d = os.path.join(OUT, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def spec_seeds():
    ex = os.path.join(ROOT, "examples")
    for model in sorted(os.listdir(ex)):
        path = os.path.join(ex, model, model + ".json")
        if os.path.exists(path):
            with open(path, "rb") as f:
                write("spec", model + ".json", f.read())


def spec_dict():
    words = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                words.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str) and len(v) <= 40:
            words.add(v)

    ex = os.path.join(ROOT, "examples")
    for model in sorted(os.listdir(ex)):
        path = os.path.join(ex, model, model + ".json")
        if os.path.exists(path):
            with open(path) as f:
                walk(json.load(f))
    lines = ['"\\"%s\\""' % w.replace("\\", "\\\\").replace('"', '\\"')
             for w in sorted(words) if w.isprintable()]
    with open(os.path.join(ROOT, "test", "fuzz", "spec.dict"), "w") as f:
        f.write("# Made by make_corpus.py: the keys and strings of examples/*/*.json.\n")
        f.write("\n".join(lines) + "\n")


def mlir_seeds():
    lit = os.path.join(ROOT, "test", "lit")
    for sub in ("dialect", "passes"):
        for fname in sorted(os.listdir(os.path.join(lit, sub))):
            if not fname.endswith(".mlir"):
                continue
            with open(os.path.join(lit, sub, fname)) as f:
                text = f.read()
            for i, part in enumerate(text.split("// -----")):
                lines = [l for l in part.splitlines() if not l.lstrip().startswith("// RUN")]
                write("mlir", "%s-%s-%03d.mlir" % (sub, fname[:-5], i), "\n".join(lines) + "\n")


def safetensors_file(tensors):
    """tensors: [(name, dtype, shape)] -> bytes with zero-filled data."""
    sizes = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I16": 2,
             "I8": 1, "U8": 1, "BOOL": 1}
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, dtype, shape in tensors:
        n = sizes[dtype] * math.prod(shape)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(range(256)) * (offset // 256) + bytes(offset % 256)


def safetensors_seeds():
    write("safetensors", "f32.safetensors",
          safetensors_file([("a.weight", "F32", [4, 3]), ("a.bias", "F32", [4])]))
    write("safetensors", "dtypes.safetensors",
          safetensors_file([(d.lower(), d, [2, 2]) for d in
                            ("F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL")]))
    write("safetensors", "ranks.safetensors",
          safetensors_file([("scalar", "F32", []), ("empty", "F32", [0, 5]),
                            ("r3", "F32", [2, 1, 3])]))


def wav_seeds():
    import io
    rate, n = 16000, 400
    sine = [math.sin(2 * math.pi * 440 * i / rate) for i in range(n)]
    for width, channels in ((1, 1), (2, 1), (3, 1), (4, 1), (2, 2)):
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(width)
            w.setframerate(rate if width != 1 else 8000)
            frames = bytearray()
            for s in sine:
                if width == 1:
                    v = struct.pack("<B", int(128 + 100 * s))
                else:
                    full = int(s * (2 ** (8 * width - 1) - 1) * 0.8)
                    v = full.to_bytes(width, "little", signed=True)
                frames += v * channels
            w.writeframes(bytes(frames))
        # The first byte chooses the sample rate asked for (FuzzWav.cpp).
        write("wav", "pcm%d-ch%d.wav" % (8 * width, channels), bytes([width]) + buf.getvalue())
    # IEEE float (format 3), written by hand: wave cannot.
    data = b"".join(struct.pack("<f", s) for s in sine)
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + \
        struct.pack("<I", len(data)) + data
    write("wav", "float32.wav", bytes([0]) + b"RIFF" + struct.pack("<I", len(riff)) + riff)


def tensor(dtype, shape, stride_mode=0):
    """A tensor in FuzzRuntime.cpp's format (dense, non-NULL data)."""
    b = bytes([dtype, len(shape)])
    for d in shape:
        b += struct.pack("<H", d)
    return b + bytes([stride_mode, 0])


def arg(dtype, shape):
    """An entry point's input: the tensor, then its pointer's NULL flag."""
    return tensor(dtype, shape) + bytes([1])


F32, I32 = 0, 3


def runtime_seeds():
    # examples/digits: entries encode, decode_step, decode_step_prepare (the
    # order of asrc_model_info), then asrc_decode, asrc_ctc_decode.
    tail = bytes(range(0, 256, 7)) * 4
    write("runtime", "encode.bin", bytes([0, 0]) + arg(F32, [1, 1600]) + bytes([1]) + tail)
    write("runtime", "encode-b2.bin", bytes([0, 0]) + arg(F32, [2, 800]) + bytes([1]) + tail)
    write("runtime", "prepare.bin", bytes([2, 0]) + arg(F32, [1, 10, 128]) + bytes([1] * 4) + tail)
    step = bytes([1, 0]) + arg(I32, [1, 1]) + arg(I32, [1])
    step += arg(F32, [1, 32, 128]) * 4 + arg(F32, [1, 4, 10, 32]) * 4
    write("runtime", "decode_step.bin", step + bytes([1] * 5) + bytes(64))
    write("runtime", "decode.bin", bytes([3]) + bytes([1]) + tensor(F32, [1, 1600]) +
          bytes([2, 4, 32, 1, 1]) + tail)
    write("runtime", "ctc.bin", bytes([4]) + tensor(F32, [1, 20, 12]) + bytes([1]) +
          tensor(I32, [1]) + bytes([0, 2, 8, 0, 1]) + tail)


def main():
    spec_seeds()
    spec_dict()
    mlir_seeds()
    safetensors_seeds()
    wav_seeds()
    runtime_seeds()
    for kind in sorted(os.listdir(OUT)):
        print("%s: %d seeds" % (kind, len(os.listdir(os.path.join(OUT, kind)))))


if __name__ == "__main__":
    sys.exit(main())
