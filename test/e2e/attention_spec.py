#!/usr/bin/python3
"""A one-node attention model for benchmarks and memory tests.

    /usr/bin/python3 test/e2e/attention_spec.py --heads 6 --head-dim 64 -o DIR

writes DIR/attn_h<H>_d<D>.json (--lq N: attn_h<H>_d<D>_lq<N>.json, Lq static) : a spec named attn_h<H>_d<D> with one entry
point

    attend(q [B, Lq, H*D] f32, k [B, T, H*D] f32, v [B, T, H*D] f32,
           key_lengths [B] i32) -> out [B, Lq, H*D]

made of a single `sdpa` node (num_heads H, default scale 1/sqrt(D), keys at
or past key_lengths[b] masked), and DIR/empty.safetensors, a weights file
with no tensors (the library's create needs one).
"""
import argparse
import json
import os
import struct


def spec_name(heads, head_dim, lq=None):
    return "attn_h%d_d%d" % (heads, head_dim) + ("_lq%d" % lq if lq else "")


def make_spec(heads, head_dim, lq=None):
    """lq None: Lq stays a symbol; an int makes it static (a static Lq <= the
    decode limit selects the fused kernel's decode schedule)."""
    c = heads * head_dim
    return {
        "name": spec_name(heads, head_dim, lq),
        "description": "one sdpa node: %d heads of dim %d" % (heads, head_dim),
        "version": 1,
        "weights": {"tensors": {}},
        "entry_points": [{
            "name": "attend",
            "inputs": [
                {"name": "q", "dtype": "f32", "shape": ["B", lq or "Lq", c]},
                {"name": "k", "dtype": "f32", "shape": ["B", "T", c]},
                {"name": "v", "dtype": "f32", "shape": ["B", "T", c]},
                {"name": "key_lengths", "dtype": "i32", "shape": ["B"]},
            ],
            "nodes": [
                {"name": "attn", "op": "sdpa",
                 "inputs": {"query": "q", "key": "k", "value": "v",
                            "key_lengths": "key_lengths"},
                 "attrs": {"num_heads": heads}},
            ],
            "outputs": [{"name": "out", "value": "attn"}],
        }],
    }


def write_empty_safetensors(path):
    """A safetensors file with no tensors: u64 header length, then "{}" padded to 8 bytes."""
    header = b"{}" + b" " * 6
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
    return path


def write(outdir, heads, head_dim, lq=None):
    """Writes the spec and an empty weights file into outdir; returns (spec, weights) paths."""
    os.makedirs(outdir, exist_ok=True)
    spec = os.path.join(outdir, spec_name(heads, head_dim, lq) + ".json")
    with open(spec, "w") as f:
        json.dump(make_spec(heads, head_dim, lq), f, indent=2)
        f.write("\n")
    weights = write_empty_safetensors(os.path.join(outdir, "empty.safetensors"))
    return spec, weights


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--heads", "-H", type=int, default=6)
    p.add_argument("--head-dim", "-D", type=int, default=64)
    p.add_argument("--lq", type=int, help="make Lq static (default: the symbol Lq)")
    p.add_argument("-o", "--outdir", default=".")
    a = p.parse_args()
    spec, weights = write(a.outdir, a.heads, a.head_dim, a.lq)
    print(spec)
    print(weights)


if __name__ == "__main__":
    main()
