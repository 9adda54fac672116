#!/usr/bin/env python3
"""Writes a small safetensors file for frontend tests (stdlib only).

  write_safetensors.py OUT NAME:DTYPE:D0xD1... [...] [--truncate BYTES]

Values are zeros. --truncate cuts BYTES bytes off the end of the file.
"""
import json
import struct
import sys

SIZES = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I32": 4, "I64": 8, "I8": 1, "U8": 1}


def build_header(specs, offsets=None):
    """NAME:DTYPE:D0xD1... specs -> (header dict, end of the packed data).
    `offsets` overrides the data_offsets of some names."""
    header, end = {}, 0
    for spec in specs:
        name, dtype, dims = spec.split(":")
        shape = [int(d) for d in dims.split("x")] if dims else []
        n = SIZES[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": (offsets or {}).get(name, [end, end + n])}
        end += n
    return header, end


def main(argv):
    out, specs, truncate = argv[1], [], 0
    args = argv[2:]
    while args:
        a = args.pop(0)
        if a == "--truncate":
            truncate = int(args.pop(0))
        else:
            specs.append(a)
    header, offset = build_header(specs)
    text = json.dumps(header).encode()
    data = struct.pack("<Q", len(text)) + text + bytes(offset)
    with open(out, "wb") as f:
        f.write(data[: len(data) - truncate] if truncate else data)


if __name__ == "__main__":
    main(sys.argv)
