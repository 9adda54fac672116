"""fx graph -> spec nodes.

The converter walks the traced graph in order and computes an abstract value
(values.py) for every node: spec tensors seen through lazy views, tables
computed from sizes, mask pieces, sizes. Handlers are registered per torch
function / tensor method name (`@op`) and per module class (`@module`). A
node without a mapping is recorded as an error (node name, target, source
line) and poisons the values computed from it, so that every unmappable node
is reported once.
"""
import math
import operator

import torch
import torch.nn as nn
from torch.fx.node import map_aggregate

from . import values as V
from .errors import ImportFailure, Unmappable, where_of
from .spec import Dyn, dim_of, fmt_shape, shape_of
from .values import TV, Table, Mask, AnyValid, MaskedScores, ZerosLike, LenExpr, \
    WeightPrefix, PrefixSlice, Poison, Opaque, ReshapeError

OPS = {}      # canonical name -> handler(conv, node, args, kwargs)
MODULES = {}  # module class -> handler(conv, node, module, prefix, args, kwargs)


def op(*names):
    def register(fn):
        for n in names:
            OPS[n] = fn
        return fn
    return register


def module(*classes):
    def register(fn):
        for c in classes:
            MODULES[c] = fn
        return fn
    return register


_OPERATORS = {operator.add: "add", operator.sub: "sub", operator.mul: "mul",
              operator.truediv: "truediv", operator.floordiv: "floordiv",
              operator.matmul: "matmul", operator.neg: "neg", operator.invert: "invert",
              operator.and_: "and_", operator.or_: "or_", operator.lt: "lt", operator.le: "le",
              operator.gt: "gt", operator.ge: "ge", operator.eq: "eq", operator.ne: "ne",
              operator.getitem: "getitem", operator.setitem: "setitem", operator.pow: "pow",
              operator.iadd: "add", operator.isub: "sub", operator.imul: "mul",
              operator.itruediv: "truediv", operator.mod: "mod", getattr: "getattr"}


def canonical(node):
    """The handler name of a call_function / call_method node."""
    if node.op == "call_method":
        name = node.target
        if name.endswith("_") and not name.startswith("_") and name[:-1] in OPS:
            name = name[:-1]          # relu_ -> relu (in place == out of place here)
        return name
    t = node.target
    if t in _OPERATORS:
        return _OPERATORS[t]
    name = getattr(t, "__name__", str(t))
    if name.endswith("_") and not name.startswith("_") and name[:-1] in OPS:
        name = name[:-1]
    return name


def target_str(node):
    if node.op == "call_module":
        t = node.target[6:] if node.target.startswith("model.") else node.target
        return "module %s" % t
    if node.op == "call_method":
        return "Tensor.%s" % node.target
    t = node.target
    mod = getattr(t, "__module__", None) or ""
    name = getattr(t, "__name__", None) or str(t)
    if mod.startswith("torch._C") and mod not in ("torch._C._nn", "torch._C._fft",
                                                  "torch._C._linalg", "torch._C._special"):
        mod = "torch"
    elif not mod.startswith("torch"):
        name = getattr(t, "__qualname__", None) or name
    if mod in ("_operator", "operator"):
        return "operator.%s" % name
    mod = {"torch._C._VariableFunctions": "torch", "torch._C._nn": "torch.nn.functional",
           "torch._C._fft": "torch.fft", "torch._C._linalg": "torch.linalg",
           "torch._C._special": "torch.special"}.get(mod, mod)
    return "%s.%s" % (mod, name) if mod else name


def _is_abstract(v):
    return isinstance(v, (TV, Mask, AnyValid, MaskedScores, ZerosLike, LenExpr, WeightPrefix,
                          PrefixSlice, Opaque, PackedSeq))


def _any(args, pred):
    found = []
    map_aggregate(args, lambda a: found.append(a) if pred(a) else None)
    return found


class PackedSeq:
    """pack_padded_sequence(x, lengths, batch_first=True, ...)."""

    def __init__(self, tv, lengths):
        self.tv = tv
        self.lengths = lengths


class Converter:
    def __init__(self, graph, tracer, eb, known_functions=None, root_prefix="model."):
        self.graph = graph
        self.tracer = tracer
        self.eb = eb
        self.env = {}
        self.errors = []
        self.known_functions = known_functions or {}
        self.root_prefix = root_prefix
        self.node = None

    # -- entry ---------------------------------------------------------------
    def run(self, input_svs):
        outputs = None
        for node in self.graph.nodes:
            self.node = node
            if node.op == "placeholder":
                self.env[node] = TV(input_svs[node.target])
                continue
            if node.op == "output":
                outputs = self.arg(node.args[0])
                continue
            args = self.arg(node.args)
            kwargs = self.arg(node.kwargs)
            if _any((args, kwargs), lambda a: isinstance(a, Poison)):
                self.env[node] = Poison(node)
                continue
            try:
                self.env[node] = self.visit(node, args, kwargs)
            except (Unmappable, ReshapeError) as e:
                self.fail(node, str(e))
                self.env[node] = Poison(node)
        return outputs

    def arg(self, a):
        return map_aggregate(a, lambda x: self.env[x] if isinstance(x, torch.fx.Node) else x)

    def fail(self, node, message):
        frame = node.meta.get("frame")
        name = node.name[6:] if node.name.startswith("model_") else node.name
        self.errors.append(ImportFailure(message, where=where_of(frame), node=name,
                                         target=target_str(node) if node.op != "get_attr"
                                         else "get_attr %s" % node.target,
                                         code=frame[3] if frame else None))

    # -- helpers -------------------------------------------------------------
    def ex(self, node=None):
        node = node or self.node
        return node.meta.get("ex")

    def out_shape(self, node=None, index=None):
        ex = self.ex(node)
        if ex is None:
            why = (node or self.node).meta.get("ex_error")
            raise Unmappable("its result shape is unknown: running it on the example inputs "
                             "failed%s (--samples traces with other sizes)"
                             % (" (" + why + ")" if why else ""))
        if index is not None:
            ex = [e[index] for e in ex]
        if not all(isinstance(e, torch.Tensor) for e in ex):
            raise Unmappable("expected a tensor result")
        return shape_of(ex)

    def hint(self, suffix=None):
        name = self.node.name
        return name if suffix is None else name + "_" + suffix

    def emit(self, op_name, inputs, shape, dtype=None, attrs=None, weights=None, hint=None,
             dtypes=None):
        dtype = dtype or (inputs[0].dtype if inputs and inputs[0] is not None else torch.float32)
        return self.eb.emit(op_name, inputs, shape, dtype, hint or self.hint(), attrs=attrs,
                            weights=weights, origin=self.node.name, dtypes=dtypes)

    def mat(self, v, what="input"):
        return self.tv(v, what).materialize(self.eb)

    def tv(self, v, what="input"):
        """A TV for a tensor-like value (materializing lengths expressions and
        static tables)."""
        if isinstance(v, TV):
            return v
        if isinstance(v, LenExpr):
            return TV(self.lengths_sv(v))
        if isinstance(v, Table):
            return TV(self.table_weight(v))
        if isinstance(v, Opaque):
            raise Unmappable("uses %s, which the spec cannot represent" % v.what)
        if isinstance(v, (Mask, AnyValid)):
            raise Unmappable("a boolean mask is used as a tensor; only masks applied to "
                             "attention scores before a softmax (masked_fill / where) map "
                             "onto spec ops")
        if isinstance(v, MaskedScores):
            raise Unmappable("masked scores (masked_fill with -inf) are used by something "
                             "other than a softmax")
        if isinstance(v, WeightPrefix):
            raise Unmappable("a weight sliced up to a dynamic length is only supported when "
                             "added to [B, T, D] activations (a learned position table)")
        if isinstance(v, PrefixSlice):
            raise Unmappable("a slice up to a dynamic length is only supported before a "
                             "reshape that groups frames (pyramidal frame concatenation)")
        raise Unmappable("%s is %s, not a tensor" % (what, _describe(v)))

    def table_weight(self, t, hint=None):
        if not t.static:
            raise Unmappable("a tensor computed from dynamic sizes (not from model inputs) "
                             "is used as data; only sinusoidal position tables, length "
                             "masks and causal masks computed that way are recognised")
        value = t.ex[0]
        if value.dtype == torch.float64:
            value = value.to(torch.float32)
        if value.dtype == torch.bool:
            raise Unmappable("a constant boolean tensor is used as data")
        name = self.eb.model.derived_name("_const." + (hint or self.hint()))
        return self.eb.weight(name, value)

    def weight_sv(self, name, tensor):
        return self.eb.weight(name, tensor)

    def module_prefix(self, target):
        p = self.root_prefix
        return target[len(p):] if target.startswith(p) else target

    def lengths_sv(self, e):
        """Materializes a LenExpr as subsample_lengths nodes: each stage
        floor((L + a) / s) + c is floor((L + a + (c - 1) s) / s) + 1, which
        subsample_lengths computes (clamped at 0, as lengths are)."""
        if getattr(e, "_sv", None) is not None:
            return e._sv
        e._sv = self._lengths_sv(e)
        return e._sv

    def _lengths_sv(self, e):
        v = e.base
        ops = list(e.ops)
        a = 0
        i = 0
        pending = False
        while i < len(ops):
            kind, c = ops[i]
            i += 1
            if kind == "add":
                a += c
                pending = True
            elif kind == "floordiv":
                c2 = 0
                while i < len(ops) and ops[i][0] == "add":
                    c2 += ops[i][1]
                    i += 1
                while i < len(ops) and ops[i][0] == "clamp":
                    if ops[i][1] != 0:
                        raise Unmappable("lengths clamped at %s (only 0 is supported)" % ops[i][1])
                    i += 1
                v = self._subsample(v, a + (c2 - 1) * c, c)
                a = 0
                pending = False
            elif kind == "clamp":
                if c != 0:
                    raise Unmappable("lengths clamped at %s (only 0 is supported)" % c)
                pending = True
        if pending and a:
            v = self._subsample(v, a - 1, 1)
        return v

    def _subsample(self, v, a2, s):
        """subsample_lengths computing floor((L + a2) / s) + 1 (clamped at 0):
        a2 = 2 p - (k - 1) - 1 with dilation 1."""
        p = max(0, (a2 + 2) // 2)
        k = 2 * p - a2
        attrs = {"kernel": k, "stride": s}
        if p:
            attrs["padding"] = p
        return self.emit("subsample_lengths", [v], v.shape, v.dtype, attrs=attrs,
                         hint=self.hint("lengths"))

    # -- dispatch ------------------------------------------------------------
    def visit(self, node, args, kwargs):
        if node.op == "get_attr":
            return self.get_attr(node)
        if node.op == "call_module":
            mod = self.tracer.root.get_submodule(node.target)
            h = MODULES.get(type(mod))
            if h is None:
                raise Unmappable("no mapping for module %s" % type(mod).__name__)
            return h(self, node, mod, self.module_prefix(node.target), args, kwargs)
        fn = node.target
        if node.op == "call_function" and fn in self.known_functions:
            return self.known_functions[fn](self, node, args, kwargs)
        name = canonical(node)
        # Sizes, constants and tables: no spec tensor involved.
        if not _any((args, kwargs), _is_abstract) and name not in ("setitem",):
            return self.fold(node, name)
        h = OPS.get(name)
        if h is None:
            raise Unmappable("no mapping for %s" % target_str(node))
        return h(self, node, args, kwargs)

    def fold(self, node, name):
        ex = self.ex(node)
        if ex is None:
            why = node.meta.get("ex_error")
            raise Unmappable("cannot evaluate %s on sizes and constants%s"
                             % (target_str(node), ": " + why if why else ""))
        return _fold_value(ex)

    def get_attr(self, node):
        value = self.tracer._fetch_attr(node.target)
        name = self.module_prefix(node.target)
        if isinstance(value, torch.Tensor) and node.target.startswith(self.root_prefix):
            if value.dtype == torch.float64:
                raise Unmappable("float64 weight %s" % name)
            return TV(self.weight_sv(name, value))
        if isinstance(value, torch.Tensor):
            return Table([value] * self.tracer.nsamples, node)
        return value


def _describe(v):
    if isinstance(v, (int, float)):
        return "the number %s" % v
    if isinstance(v, Dyn):
        return "a dynamic size"
    return type(v).__name__


def _fold_value(ex):
    e0 = ex[0]
    if isinstance(e0, torch.Tensor):
        return Table(ex)
    if isinstance(e0, bool):
        return e0 if all(e == e0 for e in ex) else Opaque("a condition on dynamic sizes")
    if isinstance(e0, int):
        return dim_of(ex)
    if isinstance(e0, float):
        if all(e == e0 for e in ex):
            return e0
        return Opaque("a float computed from dynamic sizes")
    if isinstance(e0, (tuple, list)) and all(isinstance(x, int) for x in e0):
        if all(len(e) == len(e0) for e in ex):
            return tuple(dim_of([e[i] for e in ex]) for i in range(len(e0)))
    if all(e == e0 for e in ex[1:]):
        return e0
    return Opaque("a Python value computed from dynamic sizes")


# ---------------------------------------------------------------------------
# Argument binding
# ---------------------------------------------------------------------------


def bind(args, kwargs, names, defaults=None):
    """{name: value} from positional args and kwargs by `names`."""
    out = dict(defaults or {})
    for n, a in zip(names, args):
        out[n] = a
    if len(args) > len(names):
        raise Unmappable("too many arguments")
    for k, v in kwargs.items():
        out[k] = v
    return out


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def norm_axis(axis, rank):
    if not isinstance(axis, int):
        raise Unmappable("a dim argument must be a static int")
    if not -rank <= axis < max(rank, 1):
        raise Unmappable("dim %d out of range for rank %d" % (axis, rank))
    return axis % rank if rank else 0


# ---------------------------------------------------------------------------
# Elementwise
# ---------------------------------------------------------------------------

_UNARY = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "silu": "silu", "exp": "exp",
          "log": "log", "neg": "neg", "sqrt": "sqrt", "rsqrt": "rsqrt"}


def _unary(conv, node, args, kwargs):
    name = canonical(node)
    x = args[0]
    if isinstance(x, LenExpr) and name == "neg":
        raise Unmappable("negated lengths")
    x = conv.tv(x)
    if not x.is_float:
        raise Unmappable("%s of an integer tensor" % name)
    if name == "gelu":
        a = bind(args, kwargs, ["input", "approximate"], {"approximate": "none"})
        spec_op = "gelu" if a["approximate"] == "none" else "gelu_tanh"
    elif name == "logsigmoid":
        raise Unmappable("logsigmoid has no spec op")
    else:
        spec_op = _UNARY[name]
    r = conv.emit(spec_op, [x.base], x.base.shape)
    return x.with_base(r)


for _n in list(_UNARY) + ["gelu"]:
    OPS[_n] = _unary


@op("dropout", "alpha_dropout", "feature_alpha_dropout", "dropout1d", "dropout2d",
    "contiguous", "clone", "detach", "identity", "cpu")
def _identity(conv, node, args, kwargs):
    return args[0]


@op("float", "to", "type", "type_as", "int", "long")
def _cast(conv, node, args, kwargs):
    x = args[0]
    ex = conv.ex()
    if ex is None:
        raise Unmappable("unknown result dtype")
    want = ex[0].dtype
    if isinstance(x, LenExpr):
        if want.is_floating_point:
            raise Unmappable("lengths converted to floating point")
        return LenExpr(x.base, x.ops, x.dtype)
    if isinstance(x, (Mask, MaskedScores, AnyValid)):
        raise Unmappable("a mask converted with %s" % node.target)
    x = conv.tv(x)
    have = x.dtype
    if have == want:
        return x
    if not have.is_floating_point and not want.is_floating_point:
        return x            # i32 <-> i64: the spec's length ops take both
    if have.is_floating_point and want == torch.float32 and have == torch.float32:
        return x
    raise Unmappable("conversion %s -> %s has no spec op" % (have, want))


def _binary_spec_op(name):
    return {"add": "add", "sub": "sub", "mul": "mul", "truediv": "div", "div": "div",
            "maximum": "max", "max": "max"}[name]


def _elementwise(conv, name, a, b):
    """a <op> b for TVs and numbers (spec op add/sub/mul/div/max)."""
    spec_op = _binary_spec_op(name)
    if number(b) and isinstance(a, TV):
        if name == "mul" or (name in ("truediv", "div") and b != 0):
            factor = float(b) if name == "mul" else 1.0 / float(b)
            if not a.is_float:
                raise Unmappable("scaling an integer tensor")
            return a.with_base(conv.emit("scale", [a.base], a.base.shape,
                                         attrs={"factor": factor}))
        c = conv.eb.constant(b if not a.is_float else float(b), a.dtype, conv.hint("c"))
        return a.with_base(conv.emit(spec_op, [a.base, c], a.base.shape))
    if number(a) and isinstance(b, TV):
        if name in ("add", "mul", "maximum", "max"):
            return _elementwise(conv, name, b, a)
        c = conv.eb.constant(a if not b.is_float else float(a), b.dtype, conv.hint("c"))
        return b.with_base(conv.emit(spec_op, [c, b.base], b.base.shape))
    a, b = conv.tv(a, "lhs"), conv.tv(b, "rhs")
    if a.is_float != b.is_float:
        raise Unmappable("mixed integer and floating-point operands")
    if a.axes == b.axes and a.base.shape == b.base.shape:
        return a.with_base(conv.emit(spec_op, [a.base, b.base], a.base.shape))
    shape = conv.out_shape()
    return TV(conv.emit(spec_op, [a.materialize(conv.eb), b.materialize(conv.eb)], shape))


@op("add", "sub", "mul", "truediv", "div", "radd", "rsub", "rmul")
def _arith(conv, node, args, kwargs):
    name = canonical(node)
    a = bind(args, kwargs, ["input", "other"])
    x, y = a["input"], a["other"]
    if name in ("radd", "rmul"):
        name = name[1:]
    if name == "rsub":
        x, y, name = y, x, "sub"
    alpha = a.get("alpha", 1)
    if alpha != 1:
        y = _elementwise(conv, "mul", y, alpha) if not number(y) else y * alpha
    mode = a.get("rounding_mode")
    if name == "div" and mode == "floor":
        name = "floordiv"
    elif name == "div" and mode is not None:
        raise Unmappable("division with rounding_mode=%r" % mode)
    # lengths arithmetic
    if isinstance(x, (LenExpr,)) or (isinstance(x, TV) and not x.is_float and x.rank == 1):
        if number(y) and isinstance(y, int):
            e = x if isinstance(x, LenExpr) else LenExpr(x.base) if x.is_identity() else None
            if e is not None:
                if name == "add":
                    return e.then(("add", y))
                if name == "sub":
                    return e.then(("add", -y))
                if name == "floordiv" and y > 0:
                    return e.then(("floordiv", y))
                if name == "mul" and y == 1:
                    return e
    if name == "floordiv":
        raise Unmappable("floor division of tensors (only lengths // int is supported)")
    x, y = _scalar_table(x), _scalar_table(y)
    # masks and tables around attention scores
    if name == "add":
        r = _add_special(conv, x, y)
        if r is not None:
            return r
        r = _add_special(conv, y, x)
        if r is not None:
            return r
    if isinstance(x, Table) and isinstance(y, Table):
        return conv.fold(node, name)
    return _elementwise(conv, name, x, y)


def _scalar_table(v):
    if isinstance(v, Table) and v.static and v.ex[0].numel() == 1:
        return v.ex[0].reshape(()).item()
    return v


def _add_special(conv, x, y):
    """x + y where y is a position table or an additive causal mask."""
    if isinstance(y, WeightPrefix) and isinstance(x, TV):
        return _learned_position(conv, x, y)
    if isinstance(y, Table) and isinstance(x, TV) and x.is_float:
        if y.static and y.ex[0].numel() == 1:
            return _elementwise(conv, "add", x, float(y.ex[0].reshape(())))
        m = _table_as_additive_mask(y)
        if m is not None:
            if m == "causal":
                return MaskedScores(x, Mask(x.rank, causal=True))
        style = _sinusoid_style(conv, x, y)
        if style is not None:
            xm = x.materialize(conv.eb)
            return TV(conv.emit("sinusoidal_position", [xm], xm.shape, attrs={"style": style}))
    if isinstance(y, Table) and isinstance(x, MaskedScores):
        m = _table_as_additive_mask(y)
        if m == "causal":
            return MaskedScores(x.tv, x.mask.copy(causal=True))
    return None


def _learned_position(conv, x, wp):
    w = wp.tv
    if x.rank != 3 or x.shape[1] != wp.length:
        raise Unmappable("a weight read up to a dynamic length is added to %s activations; "
                         "a learned position table needs [B, T, D] with T that length"
                         % fmt_shape(x.shape))
    if w.rank != 2 or w.shape[1] != x.shape[2]:
        raise Unmappable("position table %s does not match activations %s"
                         % (fmt_shape(w.shape), fmt_shape(x.shape)))
    xm = x.materialize(conv.eb)
    return TV(conv.emit("learned_position", [xm], xm.shape, weights={"weight": w.base.weight}))


def _table_as_additive_mask(t):
    """'causal' when every example is 0 on and below the diagonal and -inf
    (or < -1e4) above it, over its last two dims."""
    for e in t.ex:
        if not e.is_floating_point() or e.dim() < 2 or e.shape[-1] != e.shape[-2]:
            return None
        n = e.shape[-1]
        upper = torch.ones(n, n, dtype=torch.bool).triu(1)
        if not bool((e[..., ~upper] == 0).all()) or not bool((e[..., upper] < -1e4).all()):
            return None
    return "causal" if t.ex[0].shape[-1] > 1 else None


def sinusoid_table(length, d, style):
    if style == "concat":
        inc = math.log(10000) / (d // 2 - 1)
        inv = torch.exp(-inc * torch.arange(d // 2, dtype=torch.float64))
        t = torch.arange(length, dtype=torch.float64)[:, None] * inv[None, :]
        return torch.cat([torch.sin(t), torch.cos(t)], dim=1)
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    pe = torch.zeros(length, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


def _sinusoid_style(conv, x, t):
    if x.rank != 3:
        return None
    for style in ("concat", "interleaved"):
        ok = True
        for e in t.ex:
            e2 = e
            while e2.dim() > 2 and e2.shape[0] == 1:
                e2 = e2[0]
            if e2.dim() != 2 or e2.shape[1] % 2:
                ok = False
                break
            ref = sinusoid_table(e2.shape[0], e2.shape[1], style)
            if not torch.allclose(e2.to(torch.float64), ref, atol=1e-5, rtol=0):
                ok = False
                break
        if ok:
            n = [e.shape[-2] for e in t.ex]
            if dim_of(n) != x.shape[1] or t.ex[0].shape[-1] != x.shape[2]:
                raise Unmappable("a sinusoidal position table of %s rows is added to "
                                 "activations %s" % (n, fmt_shape(x.shape)))
            return style
    return None


@op("maximum")
def _maximum(conv, node, args, kwargs):
    return _elementwise(conv, "maximum", args[0], args[1])


@op("pow")
def _pow(conv, node, args, kwargs):
    x, p = args[0], args[1]
    if not isinstance(x, TV) or not number(p):
        raise Unmappable("pow other than tensor ** number")
    if p == 1:
        return x
    if p == 2:
        return _elementwise(conv, "mul", x, x)
    if p == 0.5:
        return x.with_base(conv.emit("sqrt", [x.base], x.base.shape))
    if p == -0.5:
        return x.with_base(conv.emit("rsqrt", [x.base], x.base.shape))
    raise Unmappable("x ** %s has no spec op" % p)


@op("floordiv")
def _floordiv(conv, node, args, kwargs):
    return _arith(conv, node, args, kwargs)


@op("clamp", "clip", "clamp_min")
def _clamp(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "min", "max"], {"min": None, "max": None})
    if canonical(node) == "clamp_min":
        a["max"] = None
    x = a["input"]
    if isinstance(x, TV) and not x.is_float and x.rank == 1 and x.is_identity():
        x = LenExpr(x.base)
    if isinstance(x, LenExpr) and a["min"] == 0 and a["max"] is None:
        return x.then(("clamp", 0))
    if isinstance(x, TV) and x.is_float and number(a["min"]) and a["max"] is None:
        return _elementwise(conv, "maximum", x, float(a["min"]))
    raise Unmappable("clamp other than lengths.clamp(min=0) or x.clamp(min=c)")


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


@op("transpose", "swapaxes", "swapdims")
def _transpose(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "dim0", "dim1"])
    x = a["input"]
    if isinstance(x, Mask):
        raise Unmappable("transposed mask")
    x = conv.tv(x)
    return x.transpose(norm_axis(a["dim0"], x.rank), norm_axis(a["dim1"], x.rank))


@op("t")
def _t(conv, node, args, kwargs):
    x = conv.tv(args[0])
    return x if x.rank < 2 else x.transpose(0, 1)


@op("permute")
def _permute(conv, node, args, kwargs):
    x = conv.tv(args[0])
    perm = args[1] if len(args) == 2 and isinstance(args[1], (tuple, list)) else args[1:]
    if "dims" in kwargs:
        perm = kwargs["dims"]
    return x.permute([norm_axis(p, x.rank) for p in perm])


def _unsq(v, pos):
    """Inserts a unit dim at `pos` (of the new rank) into a TV or a Mask."""
    if isinstance(v, Mask):
        m = v.copy(rank=v.rank + 1)
        # negative axes count from the end: only axes before pos move
        m.time_axis = v.time_axis - (1 if (v.time_axis % v.rank) < pos else 0)
        m.batch_axis = v.batch_axis - (1 if (v.batch_axis % v.rank) < pos else 0)
        return m
    return v.unsqueeze(pos)


@op("unsqueeze")
def _unsqueeze(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "dim"])
    x = a["input"]
    if isinstance(x, LenExpr):
        x = conv.tv(x)
    if isinstance(x, Mask):
        return _unsq(x, a["dim"] if a["dim"] >= 0 else a["dim"] + x.rank + 1)
    x = conv.tv(x)
    return x.unsqueeze(norm_axis(a["dim"], x.rank + 1))


@op("squeeze")
def _squeeze(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "dim"], {"dim": None})
    x = conv.tv(a["input"])
    if a["dim"] is None:
        out = x
        for i in reversed(range(x.rank)):
            if x.shape[i] == 1:
                out = out.squeeze(i)
        return out
    d = norm_axis(a["dim"], x.rank)
    if x.shape[d] != 1:
        return x
    return x.squeeze(d)


def _reshape_to(conv, x, shape):
    if isinstance(x, PrefixSlice):
        return _frame_concat(conv, x, shape)
    x = conv.tv(x)
    if tuple(x.shape) == tuple(shape):
        return x
    v = x.view_as_unit_changes(shape)
    if v is not None:
        return v
    xm = x.materialize(conv.eb)
    return TV(V.reshape_sv(conv.eb, xm, shape, conv.hint()))


def _frame_concat(conv, ps, shape):
    x = ps.tv
    if x.rank == 3 and ps.axis == 1 and len(shape) == 3 and shape[0] == x.shape[0] \
            and isinstance(shape[2], int) and isinstance(x.shape[2], int) \
            and shape[2] % x.shape[2] == 0:
        f = shape[2] // x.shape[2]
        t_in = x.shape[1]
        ok = isinstance(t_in, Dyn) and isinstance(ps.length, Dyn) and isinstance(shape[1], Dyn)
        ok = ok and all(n == (t // f) * f and m == t // f
                        for t, n, m in zip(t_in.s, ps.length.s, shape[1].s))
        if ok:
            xm = x.materialize(conv.eb)
            return TV(conv.emit("frame_concat", [xm], tuple(shape), attrs={"factor": f}))
    raise Unmappable("a slice up to a dynamic length followed by a reshape to %s is not a "
                     "frame grouping x[:, :(T // f) * f].reshape(B, T // f, f * C)"
                     % fmt_shape(shape))


@op("view", "reshape")
def _view(conv, node, args, kwargs):
    return _reshape_to(conv, args[0], conv.out_shape())


@op("flatten", "unflatten", "view_as", "reshape_as")
def _flatten(conv, node, args, kwargs):
    return _reshape_to(conv, args[0], conv.out_shape())


@op("expand", "expand_as")
def _expand(conv, node, args, kwargs):
    x = conv.tv(args[0])
    if tuple(x.shape) == conv.out_shape():
        return x
    raise Unmappable("expand has no spec op (broadcasting ops broadcast by themselves)")


@op("getattr")
def _getattr(conv, node, args, kwargs):
    obj, name = args[0], args[1]
    if isinstance(obj, TV):
        if name == "shape":
            return obj.shape
        if name == "T":
            return obj.permute(list(reversed(range(obj.rank))))
        if name == "mT":
            return obj.transpose(-1, -2)
        if name == "dtype":
            return obj.dtype
    raise Unmappable("attribute %s of %s" % (name, _describe(obj)))


@op("size")
def _size(conv, node, args, kwargs):
    return conv.fold(node, "size")


@op("dim")
def _dim(conv, node, args, kwargs):
    return conv.tv(args[0]).rank


# ---------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------


def _index_list(idx, rank):
    """Normalizes an index to a list of per-dim entries (None inserts a dim)."""
    if not isinstance(idx, tuple):
        idx = (idx,)
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis)
    out = []
    for i in idx:
        if i is Ellipsis:
            out.extend([slice(None)] * (rank - n_real))
        else:
            out.append(i)
    consumed = sum(1 for i in out if i is not None)
    out.extend([slice(None)] * (rank - consumed))
    return out


@op("getitem")
def _getitem(conv, node, args, kwargs):
    x, idx = args[0], args[1]
    if isinstance(x, (tuple, list)):
        if isinstance(idx, int):
            return x[idx]
        raise Unmappable("indexing a tuple with %s" % _describe(idx))
    if isinstance(x, Mask):
        return _index_mask(conv, x, idx)
    if isinstance(x, LenExpr):
        x = conv.tv(x)
    if isinstance(x, Table):
        return conv.fold(node, "getitem")
    x = conv.tv(x)
    items = _index_list(idx, x.rank)
    # gather: weight[ids] (an embedding)
    tensors = [i for i in items if isinstance(i, (TV, LenExpr))]
    if tensors:
        return _gather(conv, x, items)
    if any(isinstance(i, Table) for i in items):
        raise Unmappable("indexing with a tensor that is not a model input")
    cur = x
    axis = 0
    for k, it in enumerate(items):
        if it is None:
            cur = cur.unsqueeze(axis)
            axis += 1
        elif isinstance(it, slice):
            cur = _slice(conv, cur, axis, it)
            if isinstance(cur, (PrefixSlice, WeightPrefix)):
                if any(r is not None and r != slice(None) for r in items[k + 1:]) or \
                        any(r is None for r in items[:k]):
                    raise Unmappable("a slice up to a dynamic length combined with other "
                                     "indexing")
                return cur
            axis += 1
        elif isinstance(it, int):
            cur = _slice(conv, cur, axis, slice(it, it + 1 if it != -1 else None))
            cur = cur.squeeze(axis)
        else:
            raise Unmappable("index %s" % _describe(it))
    return cur


def _slice(conv, x, axis, s):
    size = x.shape[axis]
    start, stop, step = s.start, s.stop, s.step
    step = 1 if step is None else step
    if not isinstance(step, int) or step <= 0:
        raise Unmappable("slice step %s" % _describe(step))
    start = 0 if start is None else start
    if isinstance(stop, Dyn) and stop == size:
        stop = None
    if isinstance(start, Dyn):
        raise Unmappable("a slice starting at a dynamic index")
    if isinstance(stop, Dyn):
        if start == 0 and step == 1:
            if x.base.weight is not None and axis == 0 and x.is_identity():
                return WeightPrefix(x, stop)
            return PrefixSlice(x, axis, stop)
        raise Unmappable("a slice ending at a dynamic index")
    if start == 0 and stop is None and step == 1:
        return x
    if isinstance(size, int):
        start, stop, step = slice(start, stop, step).indices(size)
        if start == 0 and stop == size and step == 1:
            return x
        if x.base.weight is not None and x.is_identity():
            # a constant slice of a weight: a derived weight
            t = conv.eb.model.weights[x.base.weight]
            sl = [slice(None)] * x.rank
            sl[axis] = slice(start, stop, step)
            name = conv.eb.model.derived_name("%s[%s]" % (x.base.weight,
                                                         _slice_str(start, stop, step)))
            return TV(conv.weight_sv(name, t[tuple(sl)]))
        out_dim = len(range(start, stop, step))
    else:
        if start < 0:
            raise Unmappable("a slice counted from the end of a dynamic dim")
        if stop is not None and stop < 0:
            raise Unmappable("a slice ending before the end of a dynamic dim")
        out_dim = conv_dim_slice(size, start, stop, step)
    xm = x.materialize(conv.eb)
    out = list(xm.shape)
    out[axis] = out_dim
    attrs = {"axis": axis, "start": start, "end": -1 if stop is None else stop, "step": step}
    return TV(conv.emit("slice", [xm], tuple(out), attrs=attrs))


def conv_dim_slice(size, start, stop, step):
    vals = []
    for n in size.s:
        vals.append(len(range(*slice(start, stop, step).indices(n))))
    return dim_of(vals)


def _slice_str(st, en, sp):
    return "%d:%d" % (st, en) + (":%d" % sp if sp != 1 else "")


def _gather(conv, x, items):
    real = [i for i in items if i is not None]
    if len(real) >= 1 and isinstance(real[0], (TV, LenExpr)) and \
            all(isinstance(i, slice) and i == slice(None) for i in real[1:]) and \
            items[0] is not None:
        ids = conv.tv(real[0])
        if ids.is_float:
            raise Unmappable("indexing with a float tensor")
        if x.rank != 2 or not x.is_identity():
            raise Unmappable("indexing a rank-%d tensor with a tensor of ids (only a "
                             "[V, D] table, as an embedding)" % x.rank)
        if x.base.weight is None:
            raise Unmappable("indexing a computed tensor with ids (only a weight table)")
        idm = ids.materialize(conv.eb)
        return TV(conv.emit("embedding", [idm], idm.shape + (x.shape[1],), dtype=x.dtype,
                            weights={"weight": x.base.weight}))
    raise Unmappable("advanced indexing with tensors (only table[ids] maps, to an embedding)")


def _index_mask(conv, m, idx):
    items = _index_list(idx, m.rank)
    cur = m
    axis = 0
    for it in items:
        if it is None:
            cur = _unsq(cur, axis)
            axis += 1
        elif isinstance(it, slice) and it == slice(None):
            axis += 1
        else:
            raise Unmappable("indexing a mask with %s" % _describe(it))
    return cur


@op("setitem")
def _setitem(conv, node, args, kwargs):
    x, idx, value = args
    target = node.args[0]
    if isinstance(x, Table):
        if _any((idx, value), _is_abstract):
            raise Unmappable("writing model values into a tensor computed from sizes")
        return None     # the examples already hold the written values
    if isinstance(x, TV):
        items = idx if isinstance(idx, tuple) else (idx,)
        if len(items) == 2 and isinstance(items[0], Table) and isinstance(items[1], (TV, LenExpr)):
            # cache[arange(B), pos] = v: one row per utterance at its position
            rows = items[0]
            if not all(torch.equal(e, torch.arange(e.numel())) for e in rows.ex):
                raise Unmappable("cache write with rows that are not arange(B)")
            pos = conv.tv(items[1]).materialize(conv.eb)
            dest = x.materialize(conv.eb)
            upd = conv.tv(value)
            if upd.rank == dest.rank - 1:
                upd = upd.unsqueeze(1)
            updm = upd.materialize(conv.eb)
            r = conv.emit("update_slice", [dest, updm, pos], dest.shape)
            conv.env[target] = TV(r)
            return None
    raise Unmappable("in-place writes into tensors (only cache[arange(B), position] = row "
                     "is supported, as update_slice)")


# ---------------------------------------------------------------------------
# Joins and splits
# ---------------------------------------------------------------------------


@op("cat", "concat", "concatenate")
def _cat(conv, node, args, kwargs):
    a = bind(args, kwargs, ["tensors", "dim"], {"dim": 0})
    xs = list(a["tensors"])
    if all(isinstance(x, Table) for x in xs):
        return conv.fold(node, "cat")
    tvs = [conv.tv(x) for x in xs]
    rank = tvs[0].rank
    axis = norm_axis(a["dim"], rank)
    mats = [t.materialize(conv.eb) for t in tvs]
    return TV(conv.emit("concat", mats, conv.out_shape(), attrs={"axis": axis}))


@op("stack")
def _stack(conv, node, args, kwargs):
    a = bind(args, kwargs, ["tensors", "dim"], {"dim": 0})
    tvs = [conv.tv(x) for x in a["tensors"]]
    axis = norm_axis(a["dim"], tvs[0].rank + 1)
    mats = [t.unsqueeze(axis).materialize(conv.eb) for t in tvs]
    return TV(conv.emit("concat", mats, conv.out_shape(), attrs={"axis": axis}))


@op("chunk", "split", "tensor_split", "unbind")
def _split(conv, node, args, kwargs):
    name = canonical(node)
    x = conv.tv(args[0])
    ex = conv.ex()
    if ex is None:
        raise Unmappable("unknown result shapes")
    if name == "unbind":
        a = bind(args, kwargs, ["input", "dim"], {"dim": 0})
    else:
        a = bind(args, kwargs, ["input", "sizes", "dim"], {"dim": 0})
    axis = norm_axis(a["dim"], x.rank)
    if not isinstance(x.shape[axis], int):
        raise Unmappable("splitting a dynamic dim")
    parts = []
    start = 0
    for k in range(len(ex[0])):
        n = ex[0][k].shape[axis] if name != "unbind" else 1
        piece = _slice(conv, x, axis, slice(start, start + n))
        if name == "unbind":
            piece = piece.squeeze(axis)
        parts.append(piece)
        start += n
    return tuple(parts)


# ---------------------------------------------------------------------------
# Reductions and normalizations
# ---------------------------------------------------------------------------


@op("sum", "mean", "amax")
def _reduce(conv, node, args, kwargs):
    name = canonical(node)
    a = bind(args, kwargs, ["input", "dim", "keepdim"], {"dim": None, "keepdim": False})
    x = a["input"]
    if isinstance(x, (Mask,)):
        raise Unmappable("reduction of a mask")
    x = conv.tv(x)
    dims = a["dim"]
    if dims is None:
        dims = list(range(x.rank))
    if isinstance(dims, int):
        dims = [dims]
    dims = sorted(norm_axis(d, x.rank) for d in dims)
    xm = x.materialize(conv.eb)
    kind = {"sum": "sum", "mean": "mean", "amax": "max"}[name]
    attrs = {"kind": kind, "axes": dims}
    if a["keepdim"]:
        attrs["keep_dims"] = True
    return TV(conv.emit("reduce", [xm], conv.out_shape(), attrs=attrs))


@op("max")
def _max(conv, node, args, kwargs):
    if len(args) >= 2 and isinstance(args[1], (TV, Table)) or number(args[1] if len(args) > 1
                                                                      else None):
        return _elementwise(conv, "maximum", args[0], args[1])
    raise Unmappable("torch.max over a dim returns indices; use amax")


@op("softmax", "log_softmax")
def _softmax(conv, node, args, kwargs):
    name = canonical(node)
    a = bind(args, kwargs, ["input", "dim", "_stacklevel", "dtype"], {"dim": None})
    x = a["input"]
    if a.get("dtype") not in (None, torch.float32):
        raise Unmappable("softmax with dtype=%s" % a.get("dtype"))
    mask = None
    if isinstance(x, MaskedScores):
        mask, x = x.mask, x.tv
    x = conv.tv(x)
    dim = a["dim"] if a["dim"] is not None else -1
    dim = norm_axis(dim, x.rank)
    if name == "log_softmax":
        if mask is not None:
            raise Unmappable("masked log_softmax")
        xm = x.materialize(conv.eb)
        return TV(conv.emit("log_softmax", [xm], xm.shape, attrs={"axis": dim}))
    if dim != x.rank - 1:
        if mask is not None:
            raise Unmappable("masked softmax over a dim that is not the last")
        moved = x.transpose(dim, -1)
        r = _softmax_last(conv, moved, None)
        return r.transpose(dim, -1)
    return _softmax_last(conv, x, mask)


def _softmax_last(conv, x, mask):
    base_ok = x.axes[-1] == x.base.rank - 1
    lengths = None
    causal = False
    if mask is not None:
        if mask.neg:
            raise Unmappable("internal: negated mask at softmax")
        if mask.lengths is not None:
            if mask.time_axis != -1 or mask.batch_axis != -x.rank:
                raise Unmappable("the padding mask does not mask the last (keys) dim by "
                                 "utterance")
            lengths = mask.lengths
            base_ok = base_ok and x.axes[0] == 0
        if mask.causal:
            causal = True
            base_ok = base_ok and x.rank >= 2 and x.axes[-2] == x.base.rank - 2
    if base_ok:
        v = x.base
        view = x
    else:
        v = x.materialize(conv.eb)
        view = TV(v)
    if v.rank < 2:
        raise Unmappable("softmax of a rank-%d tensor" % v.rank)
    attrs = {"causal": True} if causal else None
    r = conv.emit("softmax", [v, lengths], v.shape, attrs=attrs)
    r.probs_mask = mask
    return view.with_base(r)


def _norm_weights(conv, prefix, mod, shape):
    """(weights map) for a norm layer without affine parameters: derived ones/zeros."""
    w = {}
    for role, default in (("weight", torch.ones), ("bias", torch.zeros)):
        name = prefix + "." + role
        if getattr(mod, role, None) is not None:
            conv.eb.model.use_weight(name, getattr(mod, role))
        else:
            name = conv.eb.model.derived_name(name)
            conv.eb.model.use_weight(name, default(shape))
        w[role] = name
    return w


def _last_axis_op(conv, x, spec_op, out_last, weights=None, attrs=None, inputs_after=()):
    """An op over the last dim (linear, layer_norm): applied to the view's base
    when the view keeps the last dim last."""
    if x.axes[-1] == x.base.rank - 1:
        shape = x.base.shape[:-1] + (out_last,)
        r = conv.emit(spec_op, [x.base] + list(inputs_after), shape, attrs=attrs, weights=weights)
        return x.with_base(r)
    xm = x.materialize(conv.eb)
    r = conv.emit(spec_op, [xm] + list(inputs_after), xm.shape[:-1] + (out_last,), attrs=attrs,
                  weights=weights)
    return TV(r)


@module(nn.LayerNorm)
def _m_layer_norm(conv, node, mod, prefix, args, kwargs):
    x = conv.tv(args[0])
    if len(mod.normalized_shape) != 1:
        raise Unmappable("LayerNorm over %d dims (only the last dim)" % len(mod.normalized_shape))
    d = mod.normalized_shape[0]
    return _last_axis_op(conv, x, "layer_norm", d, weights=_norm_weights(conv, prefix, mod, d),
                         attrs={"epsilon": float(mod.eps)})


@op("layer_norm")
def _f_layer_norm(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "normalized_shape", "weight", "bias", "eps"],
             {"weight": None, "bias": None, "eps": 1e-5})
    x = conv.tv(a["input"])
    if len(a["normalized_shape"]) != 1:
        raise Unmappable("layer_norm over several dims")
    d = a["normalized_shape"][0]
    ws = {}
    for role in ("weight", "bias"):
        w = a[role]
        if w is None:
            n = conv.eb.model.derived_name(conv.hint(role))
            conv.eb.model.use_weight(n, torch.ones(d) if role == "weight" else torch.zeros(d))
            ws[role] = n
        elif isinstance(w, TV) and w.base.weight is not None and w.is_identity():
            ws[role] = w.base.weight
        else:
            raise Unmappable("layer_norm %s that is not a weight" % role)
    return _last_axis_op(conv, x, "layer_norm", d, weights=ws, attrs={"epsilon": float(a["eps"])})


def _bn(conv, x, prefix, mod):
    if not mod.track_running_stats or mod.running_mean is None:
        raise Unmappable("BatchNorm without running statistics")
    c = mod.num_features
    w = _norm_weights(conv, prefix, mod, c)
    w["running_mean"] = prefix + ".running_mean"
    w["running_var"] = prefix + ".running_var"
    conv.eb.model.use_weight(prefix + ".running_mean", mod.running_mean)
    conv.eb.model.use_weight(prefix + ".running_var", mod.running_var)
    # channels are dim 1 in PyTorch; the spec's batch_norm is channels-last
    if x.rank == 2:
        moved = x
        back = None
    else:
        perm = [0] + list(range(2, x.rank)) + [1]
        moved = x.permute(perm)
        back = [0, x.rank - 1] + list(range(1, x.rank - 1))
    r = _last_axis_op(conv, moved, "batch_norm", c, weights=w, attrs={"epsilon": float(mod.eps)})
    return r if back is None else r.permute(back)


@module(nn.BatchNorm1d, nn.BatchNorm2d)
def _m_batch_norm(conv, node, mod, prefix, args, kwargs):
    return _bn(conv, conv.tv(args[0]), prefix, mod)


# ---------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------


@module(nn.Linear)
def _m_linear(conv, node, mod, prefix, args, kwargs):
    x = conv.tv(args[0])
    conv.eb.model.use_weight(prefix + ".weight", mod.weight)
    weights = {"weight": prefix + ".weight"}
    if mod.bias is not None:
        conv.eb.model.use_weight(prefix + ".bias", mod.bias)
        weights["bias"] = prefix + ".bias"
    return _last_axis_op(conv, x, "linear", mod.out_features, weights=weights)


@op("linear")
def _f_linear(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "weight", "bias"], {"bias": None})
    x = conv.tv(a["input"])
    w, b = a["weight"], a["bias"]
    if isinstance(w, TV) and w.base.weight is not None and w.is_identity() and \
            (b is None or (isinstance(b, TV) and b.base.weight is not None and b.is_identity())):
        weights = {"weight": w.base.weight}
        if b is not None:
            weights["bias"] = b.base.weight
        return _last_axis_op(conv, x, "linear", w.shape[0], weights=weights)
    y = _matmul(conv, x, conv.tv(w).transpose(0, 1), conv.out_shape())
    return y if b is None else _elementwise(conv, "add", y, b)


@op("matmul", "bmm", "mm")
def _f_matmul(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "other"])
    x, y = a["input"], a["other"]
    if isinstance(y, TV) and y.rank == 1:
        return _matvec(conv, conv.tv(x), y)
    return _matmul(conv, conv.tv(x), conv.tv(y), conv.out_shape())


def _pick_transposed(t):
    """(view, transposed): t itself, or t with its last two dims swapped and a
    transpose flag, whichever is cheaper to materialize: free when it is the
    base itself, else the one that keeps the base's last (contiguous) dim
    last (k.transpose(-1, -2) becomes k with transpose_rhs)."""
    if t.is_identity() or t.rank < 2:
        return t, False
    sw = t.transpose(-1, -2)
    if sw.is_identity():
        return sw, True
    last = t.base.rank - 1
    if t.axes[-1] != last and t.axes[-2] == last:
        return sw, True
    return t, False


def _matmul(conv, x, y, shape):
    if x.rank < 2 or y.rank < 2:
        raise Unmappable("matmul of a rank-1 tensor")
    xs, tl = _pick_transposed(x)
    ys, tr = _pick_transposed(y)
    attrs = {}
    if tl:
        attrs["transpose_lhs"] = True
    if tr:
        attrs["transpose_rhs"] = True
    xm = xs.materialize(conv.eb)
    ym = ys.materialize(conv.eb)
    return TV(conv.emit("matmul", [xm, ym], shape, attrs=attrs or None))


def _matvec(conv, x, v):
    """x @ v for a weight vector v [A]: additive attention scores when x is
    tanh(query terms + key terms), else a linear layer with one output."""
    if v.base.weight is None or not v.is_identity():
        raise Unmappable("matmul with a rank-1 tensor that is not a weight")
    add = _additive_score(conv, x, v)
    if add is not None:
        return add
    w = v.base
    wname = conv.eb.model.derived_name(w.weight + ".row")
    wsv = conv.weight_sv(wname, conv.eb.model.weights[w.weight].reshape(1, -1))
    r = _last_axis_op(conv, x, "linear", 1, weights={"weight": wname})
    del wsv
    return r.squeeze(-1)


def _additive_score(conv, x, v):
    """v . tanh(q + k [+ b]) with q [B, 1, A] (one query) and k [B, T, A]:
    attention_score additive -> [B, 1, T], seen as [B, T]."""
    src = x.base.node
    if src is None or src.op != "tanh" or x.rank != 3 or not x.is_identity():
        return None
    terms = []

    def collect(sv):
        n = sv.node
        if n is not None and n.op == "add" and len(conv.eb_users_of(sv)) <= 1:
            collect(n.inputs[0])
            collect(n.inputs[1])
        else:
            terms.append(sv)
    collect(src.inputs[0])
    b, t, a = x.shape
    queries = [s for s in terms if s.rank == 3 and s.shape[1] == 1 and t != 1]
    keys = [s for s in terms if s.rank == 3 and s.shape[1] == t]
    biases = [s for s in terms if s.rank == 1]
    if len(queries) + len(keys) + len(biases) != len(terms) or not queries or not keys \
            or len(biases) > 1:
        return None

    def total(svs):
        acc = svs[0]
        for s in svs[1:]:
            acc = conv.emit("add", [acc, s], acc.shape, hint=conv.hint("sum"))
        return acc
    q, k = total(queries), total(keys)
    inputs = [q, k, v.base] + ([biases[0]] if biases else [])
    r = conv.emit("attention_score", inputs, (b, 1, t), attrs={"kind": "additive", "scale": 1.0})
    return TV(r).squeeze(1)


Converter.eb_users_of = lambda self, sv: [n for n in self.eb.nodes if any(i is sv for i in n.inputs)]


# ---------------------------------------------------------------------------
# Convolutions, embeddings
# ---------------------------------------------------------------------------


def _conv_padding(padding, kernel, dilation):
    if isinstance(padding, str):
        if padding == "valid":
            return 0
        if padding == "same":
            total = dilation * (kernel - 1)
            if total % 2:
                raise Unmappable("padding='same' with an even receptive field is asymmetric")
            return total // 2
    return padding


def _conv1d(conv, x, weights, w, stride, padding, dilation, groups):
    if x.rank != 3:
        raise Unmappable("conv1d over a rank-%d input (only batched [B, C, T])" % x.rank)
    k = w.shape[2]
    pad = _conv_padding(padding, k, dilation)
    cl = x.permute([0, 2, 1]).materialize(conv.eb)        # [B, T, C]
    shape = conv.out_shape()                               # [B, C', T']
    attrs = {"stride": stride, "padding": pad, "dilation": dilation, "groups": groups}
    attrs = {k2: v2 for k2, v2 in attrs.items() if not (v2 == 1 and k2 != "padding") and
             not (k2 == "padding" and v2 == 0)}
    r = conv.emit("conv1d", [cl], (shape[0], shape[2], shape[1]), attrs=attrs or None,
                  weights=weights)
    return TV(r, [0, 2, 1])


def _one(v, what):
    if isinstance(v, (tuple, list)):
        if len(set(v)) != 1:
            raise Unmappable("%s %s differs per side" % (what, v))
        return v[0]
    return v


@module(nn.Conv1d)
def _m_conv1d(conv, node, mod, prefix, args, kwargs):
    if mod.padding_mode != "zeros":
        raise Unmappable("Conv1d padding_mode=%r" % mod.padding_mode)
    conv.eb.model.use_weight(prefix + ".weight", mod.weight)
    weights = {"weight": prefix + ".weight"}
    if mod.bias is not None:
        conv.eb.model.use_weight(prefix + ".bias", mod.bias)
        weights["bias"] = prefix + ".bias"
    return _conv1d(conv, conv.tv(args[0]), weights, mod.weight, _one(mod.stride, "stride"),
                   _one(mod.padding, "padding") if not isinstance(mod.padding, str)
                   else mod.padding, _one(mod.dilation, "dilation"), mod.groups)


@op("conv1d")
def _f_conv1d(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "weight", "bias", "stride", "padding", "dilation", "groups"],
             {"bias": None, "stride": 1, "padding": 0, "dilation": 1, "groups": 1})
    w, b = conv.tv(a["weight"]), a["bias"]
    if w.base.weight is None or not w.is_identity():
        raise Unmappable("conv1d weight that is not a weight tensor")
    weights = {"weight": w.base.weight}
    if b is not None:
        weights["bias"] = conv.tv(b).base.weight
    t = conv.eb.model.weights[w.base.weight]
    return _conv1d(conv, conv.tv(a["input"]), weights, t, _one(a["stride"], "stride"),
                   _one(a["padding"], "padding") if not isinstance(a["padding"], str)
                   else a["padding"], _one(a["dilation"], "dilation"), a["groups"])


def _pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


@module(nn.Conv2d)
def _m_conv2d(conv, node, mod, prefix, args, kwargs):
    if mod.padding_mode != "zeros" or isinstance(mod.padding, str):
        raise Unmappable("Conv2d padding %r / padding_mode %r" % (mod.padding, mod.padding_mode))
    x = conv.tv(args[0])
    if x.rank != 4:
        raise Unmappable("conv2d over a rank-%d input (only NCHW)" % x.rank)
    conv.eb.model.use_weight(prefix + ".weight", mod.weight)
    weights = {"weight": prefix + ".weight"}
    if mod.bias is not None:
        conv.eb.model.use_weight(prefix + ".bias", mod.bias)
        weights["bias"] = prefix + ".bias"
    attrs = {"stride": _pair(mod.stride), "padding": _pair(mod.padding),
             "dilation": _pair(mod.dilation), "groups": mod.groups}
    xm = x.materialize(conv.eb)
    return TV(conv.emit("conv2d", [xm], conv.out_shape(), attrs=attrs, weights=weights))


@module(nn.Embedding)
def _m_embedding(conv, node, mod, prefix, args, kwargs):
    if mod.max_norm is not None:
        raise Unmappable("Embedding with max_norm")
    ids = conv.tv(args[0])
    conv.eb.model.use_weight(prefix + ".weight", mod.weight)
    idm = ids.materialize(conv.eb)
    return TV(conv.emit("embedding", [idm], conv.out_shape(), dtype=torch.float32,
                        weights={"weight": prefix + ".weight"}))


@op("embedding")
def _f_embedding(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "weight"])
    ids, w = conv.tv(a["input"]), conv.tv(a["weight"])
    if w.base.weight is None or not w.is_identity():
        raise Unmappable("embedding table that is not a weight")
    idm = ids.materialize(conv.eb)
    return TV(conv.emit("embedding", [idm], conv.out_shape(), dtype=w.dtype,
                        weights={"weight": w.base.weight}))


@op("glu")
def _glu(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "dim"], {"dim": -1})
    x = conv.tv(a["input"])
    axis = norm_axis(a["dim"], x.rank)
    xm = x.materialize(conv.eb)
    return TV(conv.emit("glu", [xm], conv.out_shape(), attrs={"axis": axis - x.rank}))


# ---------------------------------------------------------------------------
# Recurrent layers
# ---------------------------------------------------------------------------


def _rnn_weights(conv, mod, prefix, layer, kind):
    sfx = "_l%d" % layer
    w = {}
    roles = [("weight_ih", "weight_ih"), ("weight_hh", "weight_hh"), ("bias_ih", "bias_ih"),
             ("bias_hh", "bias_hh")]
    for rev in ([""] + (["_reverse"] if mod.bidirectional else [])):
        for role, attr in roles:
            name = attr + sfx + rev
            t = getattr(mod, name, None)
            full = prefix + "." + name
            if t is None:       # bias=False
                gates = (4 if kind == "lstm" else 3) * mod.hidden_size
                full = conv.eb.model.derived_name(full)
                t = torch.zeros(gates)
            conv.eb.model.use_weight(full, t)
            w[role + rev] = full
    return w


def _rnn(conv, node, mod, prefix, args, kwargs, kind):
    a = bind(args, kwargs, ["input", "hx"], {"hx": None})
    if a["hx"] is not None:
        raise Unmappable("%s with an initial state (only zero initial states map)" % kind.upper())
    if getattr(mod, "proj_size", 0):
        raise Unmappable("LSTM with proj_size")
    x = a["input"]
    lengths = None
    packed = isinstance(x, PackedSeq)
    if packed:
        lengths = x.lengths
        x = x.tv
    x = conv.tv(x)
    if not packed and not mod.batch_first:
        x = x.permute([1, 0, 2])
    v = x.materialize(conv.eb)
    b, t = v.shape[0], v.shape[1]
    dirs = 2 if mod.bidirectional else 1
    for layer in range(mod.num_layers):
        attrs = {"bidirectional": True} if mod.bidirectional else None
        v = conv.emit(kind, [v, lengths], (b, t, mod.hidden_size * dirs), attrs=attrs,
                      weights=_rnn_weights(conv, mod, prefix, layer, kind),
                      hint=conv.hint("l%d" % layer) if mod.num_layers > 1 else None)
    state = Opaque("the final state of %s %s" % (kind.upper(), prefix))
    if packed:
        return (PackedSeq(TV(v), lengths), state)
    out = TV(v) if mod.batch_first else TV(v, [1, 0, 2])
    return (out, state)


@module(nn.LSTM)
def _m_lstm(conv, node, mod, prefix, args, kwargs):
    return _rnn(conv, node, mod, prefix, args, kwargs, "lstm")


@module(nn.GRU)
def _m_gru(conv, node, mod, prefix, args, kwargs):
    return _rnn(conv, node, mod, prefix, args, kwargs, "gru")


def _cell_weights(conv, mod, prefix, kind):
    w = {}
    for role in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        t = getattr(mod, role, None)
        full = prefix + "." + role
        if t is None:
            full = conv.eb.model.derived_name(full)
            t = torch.zeros((4 if kind == "lstm" else 3) * mod.hidden_size)
        conv.eb.model.use_weight(full, t)
        w[role] = full
    return w


@module(nn.LSTMCell)
def _m_lstm_cell(conv, node, mod, prefix, args, kwargs):
    a = bind(args, kwargs, ["input", "hx"], {"hx": None})
    if a["hx"] is None:
        raise Unmappable("LSTMCell without a state (pass (h, c) explicitly)")
    h, c = a["hx"]
    x = conv.mat(a["input"])
    hm, cm = conv.mat(h), conv.mat(c)
    r = conv.emit("lstm_cell", [x, hm, cm], [hm.shape, cm.shape],
                  weights=_cell_weights(conv, mod, prefix, "lstm"))
    return (TV(r[0]), TV(r[1]))


@module(nn.GRUCell)
def _m_gru_cell(conv, node, mod, prefix, args, kwargs):
    a = bind(args, kwargs, ["input", "hx"], {"hx": None})
    if a["hx"] is None:
        raise Unmappable("GRUCell without a state (pass h explicitly)")
    x = conv.mat(a["input"])
    hm = conv.mat(a["hx"])
    return TV(conv.emit("gru_cell", [x, hm], hm.shape,
                        weights=_cell_weights(conv, mod, prefix, "gru")))


def _pack(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "lengths", "batch_first", "enforce_sorted"],
             {"batch_first": False, "enforce_sorted": True})
    x = conv.tv(a["input"])
    if not a["batch_first"]:
        x = x.permute([1, 0, 2])
    lengths = a["lengths"]
    if isinstance(lengths, (TV, LenExpr)):
        lengths = conv.tv(lengths).materialize(conv.eb)
    else:
        raise Unmappable("packed sequence lengths that are not a model tensor")
    return PackedSeq(x, lengths)


def _unpack(conv, node, args, kwargs):
    a = bind(args, kwargs, ["sequence", "batch_first", "padding_value", "total_length"],
             {"batch_first": False, "padding_value": 0.0, "total_length": None})
    p = a["sequence"]
    if not isinstance(p, PackedSeq):
        raise Unmappable("pad_packed_sequence of something that is not a packed LSTM/GRU output")
    if a["padding_value"] != 0:
        raise Unmappable("pad_packed_sequence with padding_value != 0")
    if a["total_length"] is None:
        raise Unmappable("pad_packed_sequence without total_length (the output length would "
                         "depend on the lengths' values); pass total_length=x.shape[1]")
    out = p.tv if a["batch_first"] else p.tv.permute([1, 0, 2])
    return (out, TV(p.lengths))


# ---------------------------------------------------------------------------
# Masks
# ---------------------------------------------------------------------------


def _table_iota(t):
    """(rank, axis) if every example is arange(n) along one axis (all other dims 1)."""
    info = None
    for e in t.ex:
        if e.is_floating_point() or e.dtype == torch.bool:
            return None
        big = [i for i, n in enumerate(e.shape) if n != 1]
        if len(big) > 1:
            return None
        axis = big[0] if big else e.dim() - 1
        if e.dim() == 0:
            return None
        if not torch.equal(e.flatten(), torch.arange(e.numel(), dtype=e.dtype)):
            return None
        cand = (e.dim(), axis)
        if info is not None and info != cand:
            return None
        info = cand
    return info


def _lengths_axis(tv):
    """(lengths SV [B], rank, axis of B) for a view of 1-D integer lengths."""
    if tv.is_float or tv.base.rank != 1:
        return None
    axes = [i for i, a in enumerate(tv.axes) if a == 0]
    if len(axes) != 1:
        return None
    return tv.base, tv.rank, axes[0]


_CMP_FLIP = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "eq": "eq", "ne": "ne"}


@op("lt", "le", "gt", "ge", "eq", "ne", "less", "greater", "less_equal", "greater_equal")
def _compare(conv, node, args, kwargs):
    name = {"less": "lt", "greater": "gt", "less_equal": "le",
            "greater_equal": "ge"}.get(canonical(node), canonical(node))
    x, y = args[0], args[1]
    if isinstance(x, (TV, LenExpr)) and isinstance(y, Table):
        x, y, name = y, x, _CMP_FLIP[name]
    # now: iota <name> lengths
    if isinstance(x, Table) and isinstance(y, (TV, LenExpr)):
        y = conv.tv(y)
        it = _table_iota(x)
        la = _lengths_axis(y)
        if it is not None and la is not None and name in ("lt", "ge"):
            rank = max(it[0], la[1])
            time_axis = it[1] - it[0]          # negative
            batch_axis = la[2] - la[1]
            if time_axis != batch_axis:
                return Mask(rank, lengths=la[0], time_axis=time_axis, batch_axis=batch_axis,
                            neg=(name == "ge"))
        raise Unmappable("a comparison of positions with lengths that is not "
                         "arange(T) < lengths[:, None] (valid) or >= (padding)")
    raise Unmappable("comparisons of model tensors (only length masks "
                     "arange(T) < lengths[:, None] map)")


def _as_mask(conv, v):
    if isinstance(v, Mask):
        return v
    if isinstance(v, Table):
        ex = v.ex
        if all(e.dtype == torch.bool for e in ex):
            if all(bool(e.all()) for e in ex):
                return Mask(ex[0].dim())
            if all(not bool(e.any()) for e in ex):
                return Mask(ex[0].dim(), neg=True)
            for neg in (False, True):
                ok = True
                for e in ex:
                    if e.dim() < 2 or e.shape[-1] != e.shape[-2]:
                        ok = False
                        break
                    n = e.shape[-1]
                    tril = torch.ones(n, n, dtype=torch.bool).tril()
                    want = tril if not neg else ~tril
                    if not bool((e == want).all()):
                        ok = False
                        break
                if ok:
                    return Mask(ex[0].dim(), causal=True, neg=neg)
        raise Unmappable("a constant mask that is neither all-true nor causal")
    raise Unmappable("%s used as a mask" % _describe(v))


@op("invert", "logical_not", "bitwise_not")
def _invert(conv, node, args, kwargs):
    x = args[0]
    if isinstance(x, Table):
        return conv.fold(node, "invert")
    m = _as_mask(conv, x)
    return m.copy(neg=not m.neg)


def _combine(a, b, conj):
    """a & b (conj) or a | b of two masks with the same polarity rules."""
    # valid & valid = valid of both; pad | pad = pad of both
    if conj and (a.neg or b.neg):
        raise Unmappable("a & b of padding masks (use valid masks, or |)")
    if not conj and not (a.neg and b.neg):
        raise Unmappable("a | b of valid masks (use padding masks, or &)")
    if a.lengths is not None and b.lengths is not None and a.lengths is not b.lengths:
        raise Unmappable("two different length masks combined")
    src = a if a.lengths is not None else b
    m = src.copy(rank=max(a.rank, b.rank), causal=a.causal or b.causal)
    return m


@op("and_", "logical_and", "bitwise_and", "or_", "logical_or", "bitwise_or", "mul")
def _and(conv, node, args, kwargs):
    name = canonical(node)
    x, y = args[0], args[1]
    if isinstance(x, Table) and isinstance(y, Table):
        return conv.fold(node, name)
    if name == "mul" and not (isinstance(x, (Mask, Table)) and isinstance(y, (Mask, Table))
                              and (isinstance(x, Mask) or isinstance(y, Mask))):
        return _arith(conv, node, args, kwargs)
    if isinstance(x, AnyValid) or isinstance(y, AnyValid):
        m = x if isinstance(y, AnyValid) else y
        return _as_mask(conv, m)        # rows with no valid key are zero anyway
    conj = name in ("and_", "logical_and", "bitwise_and", "mul")
    return _combine(_as_mask(conv, x), _as_mask(conv, y), conj)


@op("any")
def _any_op(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "dim", "keepdim"], {"dim": None, "keepdim": False})
    m = a["input"]
    if isinstance(m, Table):
        return conv.fold(node, "any")
    m = _as_mask(conv, m)
    if a["dim"] in (-1, m.rank - 1) and a["keepdim"] and not m.neg:
        return AnyValid(m)
    raise Unmappable("mask.any() other than over the last dim with keepdim=True")


def _is_neg_inf(v):
    return number(v) and (v == float("-inf") or v <= -1e4)


@op("masked_fill")
def _masked_fill(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "mask", "value"])
    x, m, val = a["input"], a["mask"], a["value"]
    if isinstance(val, Table) and val.static and val.ex[0].numel() == 1:
        val = float(val.ex[0])
    if isinstance(x, Table):
        if isinstance(m, Table):
            return conv.fold(node, "masked_fill")
    m = _as_mask(conv, m)
    prior = None
    if isinstance(x, MaskedScores):
        prior, x = x.mask, x.tv
    x = conv.tv(x)
    if not m.neg:
        raise Unmappable("masked_fill with a mask that is True on valid positions (masked_fill "
                         "writes where the mask is True: pass ~mask)")
    if _is_neg_inf(val):
        mask = m.copy(neg=False)
        if prior is not None:
            mask = _combine(prior, mask, True)
        _check_mask_fits(mask, x)
        return MaskedScores(x, mask)
    if number(val) and val == 0 and x.base.probs_mask is not None:
        pm = x.base.probs_mask
        mm = m.copy(neg=False)
        if (mm.lengths is None or mm.lengths is pm.lengths) and (not mm.causal or pm.causal):
            return x
    raise Unmappable("masked_fill(%s) that is neither -inf on attention scores before a "
                     "softmax nor 0 on probabilities that are already masked" % val)


def _check_mask_fits(mask, x):
    if mask.lengths is not None:
        if mask.time_axis != -1:
            raise Unmappable("the length mask runs along dim %d of the scores; it must mask "
                             "the last (keys) dim" % mask.time_axis)
        if mask.batch_axis != -x.rank:
            raise Unmappable("the length mask's batch dim is not the scores' first dim")


@op("where")
def _where(conv, node, args, kwargs):
    a = bind(args, kwargs, ["condition", "input", "other"])
    c, x, y = a["condition"], a["input"], a["other"]
    if isinstance(c, Table) and isinstance(x, Table) and isinstance(y, Table):
        return conv.fold(node, "where")
    if isinstance(c, Table) and all(e.dtype == torch.bool for e in c.ex):
        if all(bool(e.all()) for e in c.ex):
            return x
        if all(not bool(e.any()) for e in c.ex):
            return y
    zero = (lambda v: isinstance(v, ZerosLike) or (number(v) and v == 0) or
            (isinstance(v, Table) and v.static and v.ex[0].numel() >= 1 and
             not bool(v.ex[0].any())))
    if isinstance(c, AnyValid) and isinstance(x, MaskedScores) and zero(y):
        return x                  # rows with no valid key: asr.softmax gives zeros
    if isinstance(c, AnyValid) and isinstance(x, TV) and x.base.probs_mask is not None and zero(y):
        return x
    m = _as_mask(conv, c) if not isinstance(c, AnyValid) else c.mask
    if m.neg:
        m, x, y = m.copy(neg=False), y, x
    if isinstance(x, TV) and x.base.probs_mask is not None and zero(y):
        pm = x.base.probs_mask
        if (m.lengths is None or m.lengths is pm.lengths) and (not m.causal or pm.causal):
            return x
    if isinstance(x, (TV, MaskedScores)) and _is_neg_inf(y if number(y) else None):
        prior = None
        if isinstance(x, MaskedScores):
            prior, x = x.mask, x.tv
        mask = m if prior is None else _combine(prior, m, True)
        _check_mask_fits(mask, x)
        return MaskedScores(x, mask)
    raise Unmappable("torch.where that is not a padding/causal mask of attention scores or "
                     "probabilities")


@op("zeros_like", "new_zeros")
def _zeros_like(conv, node, args, kwargs):
    return ZerosLike(args[0])


@op("full_like")
def _full_like(conv, node, args, kwargs):
    a = bind(args, kwargs, ["input", "fill_value"])
    if _is_neg_inf(a["fill_value"]):
        return float("-inf")
    if a["fill_value"] == 0:
        return ZerosLike(args[0])
    raise Unmappable("full_like with %s" % a["fill_value"])


def _pack_known():
    from torch.nn.utils import rnn
    return {rnn.pack_padded_sequence: _pack, rnn.pad_packed_sequence: _unpack}


PACK_FUNCTIONS = _pack_known()


# ---------------------------------------------------------------------------
# Front ends (asr_torch.audio): leaf functions -> one log_mel node
# ---------------------------------------------------------------------------


def _whisper_log_mel(conv, node, args, kwargs):
    a = bind(args, kwargs, ["samples", "n_mels"], {"n_mels": 80})
    x = conv.tv(a["samples"])
    if not x.is_float or x.rank != 2:
        raise Unmappable("whisper_log_mel takes float samples [B, N]")
    if not isinstance(a["n_mels"], int):
        raise Unmappable("whisper_log_mel with a non-constant n_mels")
    return TV(conv.emit("log_mel", [conv.mat(x)], conv.out_shape(),
                        attrs={"style": "whisper", "n_mels": a["n_mels"]}))


def _front_end_known():
    from . import audio
    return {audio.whisper_log_mel: _whisper_log_mel}


FRONT_END_FUNCTIONS = _front_end_known()


# ---------------------------------------------------------------------------
# nn.MultiheadAttention
# ---------------------------------------------------------------------------


def _same_tv(a, b):
    return isinstance(a, TV) and isinstance(b, TV) and a.base is b.base and a.axes == b.axes


@module(nn.MultiheadAttention)
def _m_mha(conv, node, mod, prefix, args, kwargs):
    a = bind(args, kwargs, ["query", "key", "value", "key_padding_mask", "need_weights",
                            "attn_mask", "average_attn_weights"],
             {"key_padding_mask": None, "need_weights": True, "attn_mask": None})
    if mod.bias_k is not None or mod.add_zero_attn:
        raise Unmappable("MultiheadAttention with add_bias_kv or add_zero_attn")
    q, k, v = conv.tv(a["query"]), conv.tv(a["key"]), conv.tv(a["value"])
    if not _same_tv(k, v):
        raise Unmappable("MultiheadAttention with different key and value inputs (the spec's "
                         "multi_head_attention projects one key_value input)")
    if not mod.batch_first:
        q, k = q.permute([1, 0, 2]), k.permute([1, 0, 2])
    qm, km = q.materialize(conv.eb), k.materialize(conv.eb)
    d = mod.embed_dim
    model = conv.eb.model
    w = {}
    parts = {}
    if mod._qkv_same_embed_dim:
        W = mod.in_proj_weight
        parts = {"query": W[:d], "key": W[d:2 * d], "value": W[2 * d:]}
    else:
        parts = {"query": mod.q_proj_weight, "key": mod.k_proj_weight, "value": mod.v_proj_weight}
    for role, t in parts.items():
        name = model.derived_name("%s.%s.weight" % (prefix, role))
        model.use_weight(name, t)
        w[role + "_weight"] = name
    if mod.in_proj_bias is not None:
        b = mod.in_proj_bias
        for i, role in enumerate(("query", "key", "value")):
            name = model.derived_name("%s.%s.bias" % (prefix, role))
            model.use_weight(name, b[i * d:(i + 1) * d])
            w[role + "_bias"] = name
    model.use_weight(prefix + ".out_proj.weight", mod.out_proj.weight)
    w["out_weight"] = prefix + ".out_proj.weight"
    if mod.out_proj.bias is not None:
        model.use_weight(prefix + ".out_proj.bias", mod.out_proj.bias)
        w["out_bias"] = prefix + ".out_proj.bias"
    lengths = None
    causal = False
    kpm = a["key_padding_mask"]
    if kpm is not None:
        if isinstance(kpm, (TV, Table)) and not isinstance(kpm, Table):
            raise Unmappable("key_padding_mask that is a model input; build it from lengths "
                             "(torch.arange(T)[None, :] >= lengths[:, None])")
        m = _as_mask(conv, kpm)
        if not m.neg or m.lengths is None or m.causal:
            raise Unmappable("key_padding_mask must be True at padded keys, from lengths")
        lengths = m.lengths
    am = a["attn_mask"]
    if am is not None:
        if isinstance(am, Table) and am.ex[0].is_floating_point():
            if _table_as_additive_mask(am) != "causal":
                raise Unmappable("attn_mask that is not causal")
            causal = True
        else:
            m = _as_mask(conv, am)
            if not m.causal or not m.neg:
                raise Unmappable("attn_mask must be causal (True above the diagonal)")
            causal = True
    attrs = {"num_heads": mod.num_heads}
    if causal:
        attrs["causal"] = True
    shape = (qm.shape[0], qm.shape[1], d)
    r = conv.emit("multi_head_attention", [qm, km, lengths], shape, attrs=attrs, weights=w)
    out = TV(r) if mod.batch_first else TV(r, [1, 0, 2])
    return (out, Opaque("MultiheadAttention's attention weights (pass need_weights=False)"))
