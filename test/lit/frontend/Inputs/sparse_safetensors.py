#!/usr/bin/env python3
"""Writes a safetensors file whose data section is a hole (stdlib only):
the header is real, the data is made with truncate(), so a file of many GiB
takes no disk space (on file systems with sparse files; elsewhere it is
written as zeros by the OS). For the weights-size tests (big-weights.test).

  sparse_safetensors.py OUT NAME:DTYPE:D0xD1... [...]
      [--cut BYTES]           the file ends BYTES before the data does
      [--size BYTES]          the file's size (instead of where the data ends)
      [--header-length N]     write N as the 8-byte header length field
      [--offsets NAME=B,E]    data_offsets of NAME (default: packed in order)

Prints the file's size.
"""
import json
import struct
import sys

from write_safetensors import build_header


def main(argv):
    out, specs, cut, size, header_length, offsets = argv[1], [], 0, None, None, {}
    args = argv[2:]
    while args:
        a = args.pop(0)
        if a == "--cut":
            cut = int(args.pop(0))
        elif a == "--size":
            size = int(args.pop(0))
        elif a == "--header-length":
            header_length = int(args.pop(0))
        elif a == "--offsets":
            name, be = args.pop(0).split("=")
            offsets[name] = [int(x) for x in be.split(",")]
        else:
            specs.append(a)
    header, end = build_header(specs, offsets)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text) if header_length is None else header_length))
        f.write(text)
        if size is None:
            size = max(0, 8 + len(text) + end - cut)
        f.truncate(size)
    print(size)


if __name__ == "__main__":
    main(sys.argv)
