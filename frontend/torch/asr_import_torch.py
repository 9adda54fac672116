#!/usr/bin/python3
"""Imports a PyTorch model into an asrc model spec (JSON) + safetensors weights.

    /usr/bin/python3 frontend/torch/asr_import_torch.py \\
        --module mypkg.models:build_model [--kwargs '{"d": 256}'] [--state-dict model.pt] \\
        --entry 'encode(features: f32[B,T,80], lengths: i32[B]) -> (log_probs, lengths)' \\
        -o out/model.json [--weights-out out/model.safetensors] [--name model]

    /usr/bin/python3 frontend/torch/asr_import_torch.py --family las --state-dict las.pt -o las.json

The module is traced with torch.fx, one entry method at a time, and its
modules and tensor ops are mapped onto spec ops (docs/torch-import.md has the
table). Anything without a mapping is reported with the fx node's name, its
target and the source line, and the exit status is 1; nothing is written then.

Entry syntax: [NAME=]METHOD(INPUT: DTYPE[DIMS] [per_utterance], ...) [-> (OUTPUT, ...)]
with DTYPE f32, f16, bf16, i32 or i64 and DIMS integers or symbols (B, T, ...).
`--entries FILE.json` takes a list of {"name", "method", "inputs": [{"name",
"dtype", "shape", "per_utterance"}], "outputs": [...]} instead.
"""
import argparse
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from asr_torch import families, importer  # noqa: E402
from asr_torch.errors import ImportFailure  # noqa: E402


def fail(message, code=1):
    sys.stderr.write("asr_import_torch: error: %s\n" % message)
    sys.exit(code)


def load_factory(spec, kwargs_json, python_path):
    for p in python_path:
        if p not in sys.path:
            sys.path.insert(0, p)
    modname, _, attr = spec.partition(":")
    if not attr:
        fail("--module takes package.module:factory (a class or a function), got %r" % spec)
    try:
        mod = importlib.import_module(modname)
    except Exception as e:  # noqa: BLE001
        fail("cannot import %s: %s: %s" % (modname, type(e).__name__, e))
    obj = mod
    for a in attr.split("."):
        if not hasattr(obj, a):
            fail("%s has no attribute %r" % (modname, attr))
        obj = getattr(obj, a)
    return obj


def build_model(factory, kwargs):
    try:
        model = factory(**kwargs)
    except Exception as e:  # noqa: BLE001
        fail("constructing the model failed: %s: %s" % (type(e).__name__, e))
    if not isinstance(model, torch.nn.Module):
        fail("the factory returned %s, not a torch.nn.Module" % type(model).__name__)
    return model


def load_state_dict(model, path):
    """Loads a state_dict (strict), with a message naming every missing,
    unexpected and mismatched tensor."""
    try:
        sd = torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001
        fail("cannot read state_dict %s: %s: %s" % (path, type(e).__name__, e))
    if isinstance(sd, torch.nn.Module):
        sd = sd.state_dict()
    if isinstance(sd, dict) and "state_dict" in sd and isinstance(sd["state_dict"], dict):
        sd = sd["state_dict"]
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        fail("%s does not hold a state_dict (a dict of tensors)" % path)
    own = model.state_dict()
    missing = [k for k in own if k not in sd and not k.endswith("num_batches_tracked")]
    unexpected = [k for k in sd if k not in own]
    mismatched = ["%s: file %s, model %s" % (k, list(sd[k].shape), list(own[k].shape))
                  for k in own if k in sd and sd[k].shape != own[k].shape]
    if missing or unexpected or mismatched:
        lines = ["state_dict %s does not match %s:" % (path, type(model).__name__)]
        if missing:
            lines.append("  missing keys (in the model, not in the file): " + ", ".join(missing))
        if unexpected:
            lines.append("  unexpected keys (in the file, not in the model): " +
                         ", ".join(unexpected))
        if mismatched:
            lines.append("  shape mismatches: " + "; ".join(mismatched))
        fail("\n".join(lines))
    model.load_state_dict(sd, strict=False)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Import a PyTorch model (traced with torch.fx) into an asrc model spec "
                    "and a safetensors weights file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2])
    src = ap.add_argument_group("the model")
    src.add_argument("--module", metavar="PKG.MOD:FACTORY",
                     help="a class or function that returns the torch.nn.Module")
    src.add_argument("--kwargs", metavar="JSON", default="{}",
                     help="keyword arguments for the factory, as a JSON object")
    src.add_argument("--family", choices=sorted(families.FAMILIES),
                     help="one of the example families (test/e2e/reference_models.py), with "
                          "its entry points")
    src.add_argument("--state-dict", metavar="FILE.pt",
                     help="weights to load (torch.save of a state_dict); checked strictly")
    src.add_argument("--python-path", action="append", default=[], metavar="DIR",
                     help="added to sys.path before importing --module (default: the current "
                          "directory)")
    ent = ap.add_argument_group("entry points")
    ent.add_argument("--entry", action="append", default=[], metavar="DECL",
                     help="an entry point: '[NAME=]METHOD(IN: DTYPE[DIMS], ...) [-> (OUT, ...)]'; "
                          "repeatable")
    ent.add_argument("--entries", metavar="FILE.json", help="entry points as JSON")
    ent.add_argument("--samples", metavar="B=2,T=17;B=3,T=41",
                     help="the two example bindings of the shape symbols used while tracing")
    rec = ap.add_argument_group("decoding (docs/model-spec.md)")
    rec.add_argument("--decoding", metavar="JSON|@FILE",
                     help="the spec's \"decoding\" recipe (greedy/beam search over a step "
                          "entry point, or CTC), as JSON text or @file.json")
    rec.add_argument("--transcription", metavar="JSON|@FILE",
                     help="the spec's \"transcription\" object (sample_rate, tokens, "
                          "separator, window_seconds: what asr-run needs to turn audio into "
                          "text), as JSON text or @file.json")
    out = ap.add_argument_group("output")
    out.add_argument("-o", "--output", required=True, metavar="SPEC.json")
    out.add_argument("--weights-out", metavar="FILE.safetensors",
                     help="default: the spec's path with .safetensors")
    out.add_argument("--name", help="the model's name (a C identifier); default: the family "
                                    "or the factory's name in snake case")
    ap.add_argument("--print-entries", action="store_true",
                    help="print the parsed entry points and exit")
    args = ap.parse_args(argv)

    known = {}
    if args.family and args.module:
        fail("give --module or --family, not both")
    if args.family:
        factory, entries, known = families.family(args.family)
        kwargs = {}
        name = args.name or args.family
    elif args.module:
        try:
            kwargs = json.loads(args.kwargs)
        except ValueError as e:
            fail("--kwargs is not JSON: %s" % e)
        if not isinstance(kwargs, dict):
            fail("--kwargs must be a JSON object")
        factory = load_factory(args.module, kwargs, args.python_path or [os.getcwd()])
        entries = []
        name = args.name or _snake(getattr(factory, "__name__", "model"))
    else:
        fail("give --module PKG.MOD:FACTORY or --family NAME")
    try:
        if args.entry or args.entries:
            entries = [importer.parse_entry(e) for e in args.entry]
            if args.entries:
                with open(args.entries) as f:
                    entries += importer.entries_from_json(json.load(f))
        if not entries:
            fail("no entry points: give --entry")
        if args.print_entries:
            for e in entries:
                print(e)
            return 0
        samples = importer.parse_samples(args.samples, entries) if args.samples else None
    except ImportFailure as e:
        fail(e.message)
    if not name.isidentifier():
        fail("model name %r is not a C identifier (use --name)" % name)

    top_level = {}
    for key in ("decoding", "transcription"):
        text = getattr(args, key)
        if text is not None:
            top_level[key] = _json_arg("--" + key, text)

    model = build_model(factory, kwargs)
    if args.state_dict:
        load_state_dict(model, args.state_dict)
    elif args.family:
        fail("--family needs --state-dict (the weights to import)")
    try:
        mb = importer.import_module(model, entries, name, samples, known_functions=known)
    except importer.ImportErrors as e:
        for err in e.errors:
            sys.stderr.write(err.format() + "\n")
        fail("%d node(s) could not be imported; nothing written" % len(e.errors))
    except ImportFailure as e:
        sys.stderr.write(e.format() + "\n")
        fail("nothing written")
    weights = args.weights_out or os.path.splitext(args.output)[0] + ".safetensors"
    for p in (args.output, weights):
        d = os.path.dirname(os.path.abspath(p))
        os.makedirs(d, exist_ok=True)
    mb.top_level.update(top_level)
    spec = importer.write(mb, args.output, weights)
    n = sum(len(e["nodes"]) for e in spec["entry_points"])
    print("asr_import_torch: wrote %s (%d entry points, %d nodes) and %s (%d tensors)"
          % (args.output, len(spec["entry_points"]), n, weights, len(mb.weights)))
    return 0


def _json_arg(option, text):
    """JSON text, or the contents of @FILE, parsed; an object or fail."""
    where = option
    if text.startswith("@"):
        where = "%s %s" % (option, text[1:])
        try:
            with open(text[1:]) as f:
                text = f.read()
        except OSError as e:
            fail("%s: %s" % (where, e))
    try:
        value = json.loads(text)
    except ValueError as e:
        fail("%s is not JSON: %s" % (where, e))
    if not isinstance(value, dict):
        fail("%s must be a JSON object" % where)
    return value


def _snake(name):
    import re
    s = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return re.sub(r"[^a-z0-9_]", "_", s)


if __name__ == "__main__":
    sys.exit(main())
