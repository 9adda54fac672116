"""The spec being built: nodes of one entry point, values with shapes, and
the rewrites that run before it is written (attention chains, scales)."""
import collections
import re

import torch


class Dyn:
    """A dynamic dim, known by its sizes in the example samples. Two dims with
    the same sizes in every sample are taken to be the same dim."""
    __slots__ = ("s",)

    def __init__(self, samples):
        self.s = tuple(int(x) for x in samples)

    def __eq__(self, other):
        return isinstance(other, Dyn) and other.s == self.s

    def __hash__(self):
        return hash(("Dyn", self.s))

    def __repr__(self):
        return "?" + "/".join(str(x) for x in self.s)


def dim_of(samples):
    """An int when every sample agrees, else a Dyn."""
    samples = [int(x) for x in samples]
    return samples[0] if len(set(samples)) == 1 else Dyn(samples)


def shape_of(examples):
    """The dims of a node from its example tensors (one per sample)."""
    return tuple(dim_of([e.shape[i] for e in examples]) for i in range(examples[0].dim()))


def fmt_shape(shape):
    return "[" + ", ".join(str(d) if isinstance(d, int) else "?" for d in shape) + "]"


SPEC_DTYPES = {torch.float32: "f32", torch.float16: "f16", torch.bfloat16: "bf16",
               torch.int32: "i32", torch.int64: "i64"}


class SV:
    """A spec value: a reference string with its (spec-side) shape and dtype.
    `node` is the SpecNode that makes it (None for inputs and weights),
    `weight` the weight name for "@name" references. `probs_mask` marks
    softmax results (the mask they were computed under)."""

    def __init__(self, ref, shape, dtype, node=None, weight=None, index=0):
        self.ref = ref
        self.shape = tuple(shape)
        self.dtype = dtype
        self.node = node
        self.weight = weight
        self.index = index
        self.probs_mask = None

    @property
    def rank(self):
        return len(self.shape)

    def __repr__(self):
        return "SV(%s %s)" % (self.ref, fmt_shape(self.shape))


class SpecNode:
    def __init__(self, name, op, inputs, attrs=None, weights=None, extra=None, origin=None):
        self.name = name
        self.op = op
        self.inputs = list(inputs)          # SV or None
        self.attrs = dict(attrs or {})
        self.weights = dict(weights or {})  # role -> weight name
        self.extra = dict(extra or {})      # constant: value, dtype, shape
        self.results = []                   # SVs
        self.origin = origin                # fx node name, for messages
        self.dead = False

    def __repr__(self):
        return "%s = %s(%s)" % (self.name, self.op, ", ".join(
            i.ref if i is not None else "null" for i in self.inputs))


def _clean(name):
    name = re.sub(r"[^A-Za-z0-9_.]", "_", name)
    return name or "v"


class EntryBuilder:
    """Nodes of one entry point."""

    def __init__(self, model_builder, name):
        self.model = model_builder
        self.name = name
        self.nodes = []
        self.names = set()
        self.inputs = []   # dicts
        self.outputs = []  # (name, SV)

    def unique(self, hint):
        if hint.startswith("model_") and len(hint) > 6:
            hint = hint[6:]          # fx names of the wrapped model's submodules
        base = _clean(hint)
        name, i = base, 1
        while name in self.names:
            name = "%s_%d" % (base, i)
            i += 1
        self.names.add(name)
        return name

    def add_input(self, name, dtype, shape, per_utterance=False):
        self.names.add(name)
        d = {"name": name, "dtype": SPEC_DTYPES[dtype], "shape": list(shape)}
        if per_utterance:
            d["per_utterance"] = True
        self.inputs.append(d)

    def emit(self, op, inputs, shapes, dtype, hint, attrs=None, weights=None, extra=None,
             origin=None, dtypes=None):
        """Adds a node; returns its SV (or a list of SVs when `shapes` is a
        list of several result shapes)."""
        multi = isinstance(shapes, list)
        shapes_l = shapes if multi else [shapes]
        node = SpecNode(self.unique(hint), op, inputs, attrs, weights, extra, origin)
        for i, s in enumerate(shapes_l):
            ref = node.name if i == 0 else "%s:%d" % (node.name, i)
            node.results.append(SV(ref, s, (dtypes[i] if dtypes else dtype), node=node, index=i))
        self.nodes.append(node)
        return node.results if multi else node.results[0]

    def constant(self, value, dtype, hint="const"):
        return self.emit("constant", [], (1,), dtype, hint,
                         extra={"value": value, "dtype": SPEC_DTYPES[dtype], "shape": [1]})

    def weight(self, name, tensor):
        """An SV for weight `name` (registering its data)."""
        self.model.use_weight(name, tensor)
        return SV("@" + name, tuple(tensor.shape), tensor.dtype, weight=name)

    # -- rewrites -----------------------------------------------------------
    def users(self):
        uses = collections.defaultdict(list)
        for n in self.nodes:
            if n.dead:
                continue
            for i, v in enumerate(n.inputs):
                if v is not None and v.node is not None:
                    uses[id(v)].append((n, i))
        for _, v in self.outputs:
            if v.node is not None:
                uses[id(v)].append((None, 0))
        return uses

    def prune(self):
        """Drops nodes no output depends on."""
        live = set()
        stack = [v.node for _, v in self.outputs if v.node is not None]
        while stack:
            n = stack.pop()
            if id(n) in live:
                continue
            live.add(id(n))
            for v in n.inputs:
                if v is not None and v.node is not None:
                    stack.append(v.node)
        self.nodes = [n for n in self.nodes if id(n) in live and not n.dead]

    def to_json(self):
        self.prune()
        nodes = []
        for n in self.nodes:
            d = {"name": n.name, "op": n.op}
            if n.op == "constant":
                d.update(n.extra)
            else:
                ins = [v.ref if v is not None else None for v in n.inputs]
                while ins and ins[-1] is None:
                    ins.pop()
                d["inputs"] = ins
                if n.weights:
                    d["weights"] = dict(n.weights)
                if n.attrs:
                    d["attrs"] = dict(n.attrs)
            nodes.append(d)
        outs = [{"name": name, "value": v.ref} for name, v in self.outputs]
        return {"name": self.name, "inputs": self.inputs, "nodes": nodes, "outputs": outs}


class ModelBuilder:
    def __init__(self, name):
        self.name = name
        self.entries = []
        self.weights = collections.OrderedDict()   # name -> torch tensor
        self.top_level = {}     # "decoding", "transcription": written as given

    def use_weight(self, name, tensor):
        t = tensor.detach().to("cpu").contiguous()
        old = self.weights.get(name)
        if old is not None:
            if old.shape != t.shape or not torch.equal(old, t):
                raise ValueError("weight %s registered twice with different values" % name)
            return
        self.weights[name] = t

    def derived_name(self, hint):
        base, i = hint, 1
        name = base
        while name in self.weights:
            name = "%s_%d" % (base, i)
            i += 1
        return name

    def referenced(self):
        names = set()
        for e in self.entries:
            for n in e.nodes:
                names.update(n.weights.values())
                for v in n.inputs:
                    if v is not None and v.weight is not None:
                        names.add(v.weight)
        return names

    def prune_weights(self):
        used = self.referenced()
        for name in list(self.weights):
            if name not in used:
                del self.weights[name]

    def to_json(self, weights_file):
        entries = [e.to_json() for e in self.entries]   # prunes dead nodes first
        self.prune_weights()
        tensors = collections.OrderedDict()
        for name, t in self.weights.items():
            tensors[name] = {"dtype": {torch.float32: "F32", torch.float16: "F16",
                                       torch.int32: "I32", torch.int64: "I64"}[t.dtype],
                             "shape": list(t.shape)}
        spec = {"name": self.name,
                "description": "imported from PyTorch by frontend/torch/asr_import_torch.py",
                "version": 1,
                "weights": {"file": weights_file, "tensors": tensors},
                "entry_points": entries}
        spec.update(self.top_level)
        return spec
