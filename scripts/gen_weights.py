#!/usr/bin/env python3
"""Writes random weights for a model spec, as a safetensors file.

    /usr/bin/python3 scripts/gen_weights.py SPEC.json [-o OUT.safetensors]
                                            [--seed 0] [--scale 0.1]

Every tensor declared in the spec's "weights.tensors" gets normal values
(mean 0, standard deviation --scale) from a generator seeded by --seed and the
tensor's name, so a tensor's values do not depend on the other tensors.
Normalization parameters get values a trained model would have: layer-norm and
batch-norm scales (gamma) near 1, batch-norm running variances positive and
near 1. Integer tensors get small non-negative values.

The default output is the spec's "weights.file" resolved next to the spec.
The file is standard safetensors: an 8-byte little-endian header length, the
JSON header {name: {dtype, shape, data_offsets}} (plus "__metadata__"), then
the tensor data. The header is padded with spaces so the data starts at a
64-byte boundary; tensors are contiguous (as the format requires), those whose
byte size is a multiple of 64 first, so that they all start 64-byte aligned.

Prints one line: the output path, the tensor count and the size in MiB.
Needs numpy (python3-numpy).
"""
import argparse
import json
import os
import struct
import sys
import zlib

import numpy as np

ALIGN = 64
DTYPES = {
    # safetensors dtype -> (numpy dtype of the stored bytes, bytes per element)
    "F32": (np.dtype("<f4"), 4),
    "F16": (np.dtype("<f2"), 2),
    "BF16": (np.dtype("<u2"), 2),
    "I32": (np.dtype("<i4"), 4),
    "I64": (np.dtype("<i8"), 8),
}

# Weight roles with their default suffixes (frontend/OpTable.cpp) that are not
# plain N(0, scale): op -> {role suffix: kind}.
NORM_ROLES = {
    "layer_norm": {"weight": "gamma"},
    "batch_norm": {"weight": "gamma", "running_var": "variance"},
}
# An explicit "weights" role of those ops -> its default suffix.
NORM_ROLE_SUFFIX = {"weight": "weight", "running_var": "running_var",
                    "running_mean": "running_mean", "bias": "bias"}


def fail(message):
    print("gen_weights.py: error: " + message, file=sys.stderr)
    sys.exit(1)


def special_kinds(spec):
    """Weight name -> "gamma" or "variance", from the spec's norm nodes."""
    kinds = {}
    for ep in spec.get("entry_points", []) if isinstance(spec.get("entry_points"), list) else []:
        for node in ep.get("nodes", []) if isinstance(ep, dict) else []:
            if not isinstance(node, dict) or node.get("op") not in NORM_ROLES:
                continue
            roles = NORM_ROLES[node["op"]]
            explicit = node.get("weights") if isinstance(node.get("weights"), dict) else {}
            prefix = node.get("weight_prefix")
            for role, kind in roles.items():
                if isinstance(explicit.get(role), str):
                    kinds[explicit[role]] = kind
                elif isinstance(prefix, str) and prefix:
                    kinds[prefix + "." + NORM_ROLE_SUFFIX[role]] = kind
    return kinds


def kind_of(name, shape, kinds):
    if name in kinds:
        return kinds[name]
    # Weights that no node names (or a spec without nodes): go by PyTorch names.
    if name.endswith("running_var"):
        return "variance"
    if len(shape) == 1 and (name.endswith("norm.weight") or name.endswith("ln.weight")
                            or name.endswith("_ln.weight") or name.endswith("ln_post.weight")):
        return "gamma"
    return "normal"


def to_bf16_bits(x):
    """float32 -> bfloat16 bit patterns (round to nearest even)."""
    bits = x.astype("<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype("<u2")


def make_tensor(name, dtype, shape, kind, seed, scale):
    rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
    if dtype in ("I32", "I64"):
        values = rng.integers(0, 16, size=shape)
        return values.astype(DTYPES[dtype][0])
    x = rng.standard_normal(size=shape, dtype=np.float32) * np.float32(scale)
    if kind == "gamma":
        x = x + np.float32(1.0)
    elif kind == "variance":
        x = np.exp(x).astype(np.float32)  # positive, near 1
    if dtype == "BF16":
        return to_bf16_bits(x)
    return x.astype(DTYPES[dtype][0])


def main(argv):
    ap = argparse.ArgumentParser(
        prog="gen_weights.py",
        description="Write random weights for the tensors a model spec declares.")
    ap.add_argument("spec", help="model spec (.json) with weights.tensors")
    ap.add_argument("-o", "--output", help="output .safetensors (default: the spec's "
                    "weights.file, next to the spec)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--scale", type=float, default=0.1,
                    help="standard deviation of the values (default 0.1)")
    args = ap.parse_args(argv[1:])

    try:
        with open(args.spec) as f:
            spec = json.load(f)
    except OSError as e:
        fail("cannot read %s: %s" % (args.spec, e.strerror))
    except ValueError as e:
        fail("%s is not valid JSON: %s" % (args.spec, e))
    if not isinstance(spec, dict):
        fail("%s: the spec is not a JSON object" % args.spec)
    weights = spec.get("weights")
    tensors = weights.get("tensors") if isinstance(weights, dict) else None
    if not isinstance(tensors, dict) or not tensors:
        fail("%s declares no tensors: give \"weights\": {\"tensors\": {NAME: "
             "{\"dtype\": \"F32\", \"shape\": [...]}, ...}}" % args.spec)

    out = args.output
    if not out:
        file = weights.get("file")
        if not isinstance(file, str) or not file:
            fail("%s has no \"weights.file\": give -o OUT.safetensors" % args.spec)
        out = file if os.path.isabs(file) else os.path.join(os.path.dirname(args.spec), file)

    # Validate and lay out.
    entries = []
    for name, t in tensors.items():
        where = "%s: weights.tensors.%s" % (args.spec, name)
        if name == "__metadata__":
            fail(where + ": '__metadata__' is reserved by safetensors")
        if not isinstance(t, dict):
            fail(where + " is not an object")
        dtype, shape = t.get("dtype"), t.get("shape")
        if dtype not in DTYPES:
            fail("%s.dtype: %r is not one of %s" % (where, dtype, ", ".join(DTYPES)))
        if not isinstance(shape, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
            fail(where + ".shape: expected a list of sizes >= 0, got %r" % (shape,))
        n = 1
        for d in shape:
            n *= d
        entries.append((name, dtype, shape, n * DTYPES[dtype][1]))
    # Aligned sizes first (stable: declaration order within each group).
    order = sorted(range(len(entries)), key=lambda i: entries[i][3] % ALIGN != 0)
    header, offset = {}, 0
    for i in order:
        name, dtype, shape, size = entries[i]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {
        "format": "pt",
        "generator": "asrc scripts/gen_weights.py seed=%d scale=%g" % (args.seed, args.scale),
    }
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-(8 + len(text))) % ALIGN)

    kinds = special_kinds(spec)
    out_dir = os.path.dirname(out)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    tmp = out + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for i in order:
                name, dtype, shape, size = entries[i]
                data = make_tensor(name, dtype, shape, kind_of(name, shape, kinds),
                                   args.seed, args.scale).tobytes()
                assert len(data) == size, name
                f.write(data)
        os.replace(tmp, out)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        fail("cannot write %s: %s" % (out, e.strerror))
    total = 8 + len(text) + offset
    print("%s: %d tensors, %.2f MiB" % (out, len(entries), total / (1024.0 * 1024.0)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
