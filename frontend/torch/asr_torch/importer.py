"""The importer's driver: module + entry declarations -> spec + weights."""
import os
import re

import torch

from . import convert, rewrite, safetensors
from .errors import ImportFailure
from .spec import Dyn, ModelBuilder, EntryBuilder, SV
from .trace import trace_entry

DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16,
          "i32": torch.int32, "i64": torch.int64}


class Input:
    def __init__(self, name, dtype, shape, per_utterance=False):
        self.name = name
        self.dtype = dtype          # spec dtype string
        self.shape = shape          # ints and symbol strings
        self.per_utterance = per_utterance

    def __repr__(self):
        return "%s: %s[%s]%s" % (self.name, self.dtype, ",".join(str(d) for d in self.shape),
                                 " per_utterance" if self.per_utterance else "")


class Entry:
    def __init__(self, name, method, inputs, outputs=None):
        self.name = name
        self.method = method
        self.inputs = inputs
        self.outputs = outputs      # names or None

    def __repr__(self):
        s = "%s=%s(%s)" % (self.name, self.method, ", ".join(repr(i) for i in self.inputs))
        if self.outputs:
            s += " -> (%s)" % ", ".join(self.outputs)
        return s


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def parse_entry(text):
    """Parses "[name=]method(in: dtype[dims] [per_utterance], ...) [-> (out, ...)]".

    dims are integers or symbols (B, T, ...): `encode(features: f32[B,T,80], lengths: i32[B])`,
    `decode_step=step(token: i32[B], encoded: f32[B,S,256] per_utterance) -> (logits, h)`."""
    head, arrow, outs = text.partition("->")
    outs = outs.strip().strip("()") if arrow else None
    m = re.match(r"^\s*(?:(%s)\s*=\s*)?(%s)\s*\((.*)\)\s*$" % (_IDENT, _IDENT), head, re.S)
    if not m:
        raise ImportFailure("cannot parse entry %r: expected name=method(input: dtype[dims], "
                            "...) -> (outputs)" % text)
    name, method, body = m.group(1) or m.group(2), m.group(2), m.group(3)
    inputs = []
    for part in _split_top(body):
        part = part.strip()
        if not part:
            continue
        im = re.match(r"^(%s)\s*:\s*(f32|f16|bf16|i32|i64)\s*\[([^\]]*)\]\s*(per_utterance)?$"
                      % _IDENT, part)
        if not im:
            raise ImportFailure("entry %s: cannot parse input %r: expected name: dtype[dims] "
                                "(dtype f32, f16, bf16, i32 or i64; dims integers or symbols)"
                                % (name, part))
        dims = []
        for d in im.group(3).split(","):
            d = d.strip()
            if not d:
                continue
            if re.match(r"^\d+$", d):
                dims.append(int(d))
            elif re.match("^%s$" % _IDENT, d):
                dims.append(d)
            else:
                raise ImportFailure("entry %s: input %s: bad dim %r" % (name, im.group(1), d))
        inputs.append(Input(im.group(1), im.group(2), dims, bool(im.group(4))))
    outputs = None
    if outs is not None and outs.strip():
        outputs = [o.strip() for o in outs.split(",") if o.strip()]
        for o in outputs:
            if not re.match("^%s$" % _IDENT, o):
                raise ImportFailure("entry %s: bad output name %r" % (name, o))
    return Entry(name, method, inputs, outputs)


def _split_top(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def entries_from_json(data):
    out = []
    for e in data:
        ins = [Input(i["name"], i["dtype"], i["shape"], i.get("per_utterance", False))
               for i in e["inputs"]]
        out.append(Entry(e["name"], e.get("method", e["name"]), ins, e.get("outputs")))
    return out


def default_samples(entries):
    """Two bindings of the shape symbols: B = 2 / 3, the others distinct primes."""
    syms = []
    for e in entries:
        for i in e.inputs:
            for d in i.shape:
                if isinstance(d, str) and d not in syms:
                    syms.append(d)
    first = [17, 19, 23, 29, 31, 37]
    second = [41, 43, 47, 53, 59, 61]
    s0, s1 = {}, {}
    k = 0
    for s in syms:
        if s == "B":
            s0[s], s1[s] = 2, 3
        else:
            s0[s], s1[s] = first[k % len(first)] + 40 * (k // len(first)), \
                second[k % len(second)] + 40 * (k // len(second))
            k += 1
    return [s0, s1]


def parse_samples(text, entries):
    """"B=2,T=17;B=3,T=41" -> two bindings (missing symbols from the defaults)."""
    base = default_samples(entries)
    parts = [p for p in text.split(";") if p.strip()]
    if len(parts) != 2:
        raise ImportFailure("--samples needs two bindings separated by ';'")
    out = []
    for b, p in zip(base, parts):
        d = dict(b)
        for kv in p.split(","):
            k, _, v = kv.partition("=")
            d[k.strip()] = int(v)
        out.append(d)
    return out


class ImportErrors(Exception):
    def __init__(self, errors):
        Exception.__init__(self, "\n".join(e.format() for e in errors))
        self.errors = errors


def import_module(model, entries, name, samples=None, known_functions=None, leaf_functions=()):
    """Traces and converts every entry; returns a ModelBuilder. Raises
    ImportErrors listing every unmappable node."""
    model.eval()
    samples = samples or default_samples(entries)
    mb = ModelBuilder(name)
    errors = []
    known = dict(convert.PACK_FUNCTIONS)
    known.update(convert.FRONT_END_FUNCTIONS)
    known.update(known_functions or {})
    leaves = tuple(leaf_functions) + tuple(known.keys())
    for entry in entries:
        eb = EntryBuilder(mb, entry.name)
        mb.entries.append(eb)
        torch_inputs = [(i.name, DTYPES[i.dtype], i.shape) for i in entry.inputs]
        try:
            graph, tracer = trace_entry(model, entry.method, torch_inputs, samples,
                                        leaf_types=tuple(convert.MODULES.keys()),
                                        leaf_functions=leaves)
        except ImportFailure as e:
            e.message = "entry %s: %s" % (entry.name, e.message)
            errors.append(e)
            continue
        input_svs = {}
        for i in entry.inputs:
            dims = tuple(d if isinstance(d, int) else Dyn([s[d] for s in samples])
                         for d in i.shape)
            eb.add_input(i.name, DTYPES[i.dtype], i.shape, i.per_utterance)
            input_svs[i.name] = SV(i.name, dims, DTYPES[i.dtype])
        conv = convert.Converter(graph, tracer, eb, known)
        outs = conv.run(input_svs)
        if conv.errors:
            errors.extend(conv.errors)
            continue
        _set_outputs(conv, eb, entry, outs, errors)
        if not errors:
            rewrite.run(eb)
    if errors:
        raise ImportErrors(errors)
    return mb


def _set_outputs(conv, eb, entry, outs, errors):
    out_node = [n for n in conv.graph.nodes if n.op == "output"][0]
    conv.node = out_node
    if isinstance(outs, dict):
        items = list(outs.items())
    elif isinstance(outs, (tuple, list)):
        if entry.outputs and len(entry.outputs) != len(outs):
            errors.append(ImportFailure("entry %s: %s returns %d values, %d output names given"
                                        % (entry.name, entry.method, len(outs),
                                           len(entry.outputs))))
            return
        names = entry.outputs or (["output_%d" % i for i in range(len(outs))])
        items = list(zip(names, outs))
    else:
        names = entry.outputs or ["output"]
        if len(names) != 1:
            errors.append(ImportFailure("entry %s: %s returns one value, %d output names given"
                                        % (entry.name, entry.method, len(names))))
            return
        items = [(names[0], outs)]
    for name, v in items:
        try:
            tv = conv.tv(v, "output %s" % name)
            sv = tv.materialize(eb, hint=name)
        except (convert.Unmappable, Exception) as e:  # noqa: BLE001
            if not isinstance(e, convert.Unmappable):
                raise
            conv.fail(out_node, "output %s: %s" % (name, e))
            errors.extend(conv.errors[-1:])
            continue
        eb.outputs.append((name, sv))


def write(mb, spec_path, weights_path):
    """Writes the spec (weights.file relative to the spec) and the weights."""
    spec_dir = os.path.dirname(os.path.abspath(spec_path))
    rel = os.path.relpath(os.path.abspath(weights_path), spec_dir)
    spec = mb.to_json(rel)
    tensors = {}
    for name, t in mb.weights.items():
        t = t.detach().cpu()
        if t.dtype == torch.float64:
            t = t.float()
        tensors[name] = t.numpy()
    safetensors.write(weights_path, tensors, metadata={"format": "pt",
                                                       "producer": "asr_import_torch"})
    from .jsontext import to_text
    with open(spec_path, "w") as f:
        f.write(to_text(spec) + "\n")
    return spec
