"""Reading and writing safetensors files with the standard library and numpy.

The format: an 8-byte little-endian header length N, N bytes of JSON
{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}},
then the tensor bytes (offsets relative to the end of the header). The header
is padded with spaces so that the data starts at a 64-byte boundary, and each
tensor starts 64-byte aligned (asrc's runtime maps the file and reads tensors
in place).
"""
import json
import struct

import numpy as np

ALIGN = 64

# numpy dtype -> safetensors dtype name
_TO_ST = {np.dtype("float32"): "F32", np.dtype("float16"): "F16",
          np.dtype("int32"): "I32", np.dtype("int64"): "I64", np.dtype("float64"): "F64"}
_FROM_ST = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "I32": np.dtype("<i4"),
            "I64": np.dtype("<i8"), "F64": np.dtype("<f8"), "BF16": np.dtype("<u2")}


def st_dtype(array):
    """The safetensors dtype name of a numpy array (ValueError if none)."""
    try:
        return _TO_ST[np.asarray(array).dtype]
    except KeyError:
        raise ValueError("no safetensors dtype for numpy %s" % np.asarray(array).dtype)


def write(path, tensors, metadata=None):
    """Writes {name: numpy array} (in the given order) to `path`."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        a = np.ascontiguousarray(array)
        dt = st_dtype(a)
        data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        pad = (-offset) % ALIGN
        if pad:
            blobs.append(b"\0" * pad)
            offset += pad
        header[name] = {"dtype": dt, "shape": [int(s) for s in a.shape],
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-(8 + len(text))) % ALIGN)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read(path):
    """{name: numpy array} of a safetensors file (BF16 widened to float32)."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("%s: too short for a safetensors file" % path)
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError("%s: header size %d past the end of the file" % (path, n))
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt = _FROM_ST[info["dtype"]]
        begin, end = info["data_offsets"]
        shape = tuple(info["shape"])
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if end - begin != count * dt.itemsize or 8 + n + end > len(blob):
            raise ValueError("%s: tensor %s has bad data_offsets" % (path, name))
        a = np.frombuffer(blob, dtype=dt, count=count, offset=8 + n + begin).reshape(shape)
        if info["dtype"] == "BF16":
            a = (a.astype(np.uint32) << 16).view(np.float32)
        out[name] = a.copy()
    return out
