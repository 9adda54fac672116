"""create_model.py DIR NAME: creates DIR/lib<NAME>.so's model on DIR/<NAME>.safetensors
(device auto, unless ASRC_DEVICE says otherwise) and prints where it runs; an
error goes to stderr with exit 1."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                "tools", "python"))
import asrc_ctypes  # noqa: E402

d, name = sys.argv[1], sys.argv[2]
lib = asrc_ctypes.Library(os.path.join(d, "lib%s.so" % name))
try:
    model = lib.create(os.path.join(d, name + ".safetensors"))
except asrc_ctypes.AsrcError as e:
    print(e, file=sys.stderr)
    sys.exit(1)
print("%s runs on %s" % (name, model.device()))
