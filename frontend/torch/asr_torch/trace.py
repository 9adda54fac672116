"""Symbolic tracing of a module's entry method with torch.fx, with sizes.

Plain torch.fx proxies know nothing about shapes, so `x.shape[-1] // heads`,
`math.sqrt(d)` or `if x.dim() == 3` fail or become graph nodes. This tracer
runs every recorded op on small example inputs as it traces (twice, with two
different bindings of the shape symbols, e.g. B=2, T=17 and B=3, T=41), so
that

* `x.shape`, `x.size()`, `x.dim()`, `x.dtype`, `x.device` are answered
  concretely: a dim that is the same in both samples is a Python int, a dim
  that differs (it depends on a symbol) is a proxy of `x.size(i)`;
* every fx node carries its example values (node.meta["ex"], one per sample),
  which the converter uses for result shapes and to recognise tensors computed
  from sizes alone (position tables, length masks, causal masks);
* control flow on a tensor value or a dynamic size raises a TraceError that
  names the user's source line.

Tensor factories that take sizes (torch.arange, ones, zeros, full, empty) are
patched during tracing so that they accept dynamic sizes.
"""
import contextlib
import inspect
import operator
import os
import traceback

import torch
import torch.fx as fx
from torch.fx.node import map_arg

from .errors import ImportFailure, user_frame_of_stack, where_of

MISSING = object()

# nn.Module's own __call__ / __getattr__: fx patches them while tracing, and
# running a module on example tensors must not record anything.
_MODULE_CALL = torch.nn.Module.__call__
_MODULE_GETATTR = torch.nn.Module.__getattr__


@contextlib.contextmanager
def _unpatched_modules():
    call, getattr_ = torch.nn.Module.__call__, torch.nn.Module.__getattr__
    torch.nn.Module.__call__, torch.nn.Module.__getattr__ = _MODULE_CALL, _MODULE_GETATTR
    try:
        yield
    finally:
        torch.nn.Module.__call__, torch.nn.Module.__getattr__ = call, getattr_

# Factories whose size arguments may be dynamic sizes (proxies).
_FACTORIES = ["arange", "ones", "zeros", "full", "empty", "eye", "tensor", "as_tensor"]


class ShapedProxy(fx.Proxy):
    """A proxy that answers shape questions from its node's example values."""

    def _examples(self):
        ex = self.node.meta.get("ex")
        if ex is None or not all(isinstance(e, torch.Tensor) for e in ex):
            return None
        return ex

    @property
    def shape(self):
        ex = self._examples()
        if ex is None:
            return fx.Proxy.__getattr__(self, "shape")
        return torch.Size([]) if ex[0].dim() == 0 else self.tracer.sizes_of(self, ex)

    def size(self, dim=None):
        ex = self._examples()
        if ex is None:
            return self.tracer.create_proxy("call_method", "size", (self,) if dim is None
                                            else (self, dim), {})
        sizes = self.tracer.sizes_of(self, ex)
        return sizes if dim is None else sizes[dim]

    def dim(self):
        ex = self._examples()
        if ex is None:
            return self.tracer.create_proxy("call_method", "dim", (self,), {})
        return ex[0].dim()

    @property
    def ndim(self):
        return self.dim()

    def numel(self):
        ex = self._examples()
        if ex is not None and len({e.numel() for e in ex}) == 1:
            return ex[0].numel()
        return self.tracer.create_proxy("call_method", "numel", (self,), {})

    def __len__(self):
        s = self.shape
        if isinstance(s, tuple) and len(s) and isinstance(s[0], int):
            return s[0]
        raise fx.proxy.TraceError("len() of a tensor whose first dim is dynamic")

    def _attr(name):  # noqa: N805 - a property factory
        def get(self):
            ex = self._examples()
            if ex is None:
                return fx.Proxy.__getattr__(self, name)
            return getattr(ex[0], name)
        return property(get)

    dtype = _attr("dtype")  # noqa: F821
    device = _attr("device")
    is_cuda = _attr("is_cuda")
    layout = _attr("layout")
    is_sparse = _attr("is_sparse")
    is_quantized = _attr("is_quantized")
    is_nested = _attr("is_nested")
    del _attr

    @property
    def requires_grad(self):
        return False

    def is_floating_point(self):
        ex = self._examples()
        if ex is None:
            return self.tracer.create_proxy("call_method", "is_floating_point", (self,), {})
        return ex[0].is_floating_point()

    def __setitem__(self, key, value):
        self.tracer.create_proxy("call_function", operator.setitem, (self, key, value), {})

    def __iter__(self):
        # fx's own __iter__ reads the caller's bytecode, which Python 3.11
        # changed; the example values say how many items there are.
        ex = self.node.meta.get("ex")
        if ex is not None and all(isinstance(e, (tuple, list)) for e in ex) and \
                len({len(e) for e in ex}) == 1:
            return iter([self[i] for i in range(len(ex[0]))])
        if ex is not None and all(isinstance(e, torch.Tensor) and e.dim() > 0 for e in ex) and \
                len({e.shape[0] for e in ex}) == 1:
            return iter([self[i] for i in range(ex[0].shape[0])])
        return self.tracer.iter(self)

    def _number(self, kind):
        ex = self.node.meta.get("ex")
        what = "a value computed from tensors"
        if ex is not None and all(isinstance(e, (int, float)) for e in ex):
            what = "a dynamic size (%s)" % ", ".join(str(e) for e in ex)
        raise fx.proxy.TraceError(
            "%s is used as a Python %s (e.g. in range(), math.*, or an if); only static "
            "sizes can be" % (what, kind))

    def __index__(self):
        return self._number("int")

    def __int__(self):
        return self._number("int")

    def __float__(self):
        return self._number("float")


class ShapeTracer(fx.Tracer):
    """fx.Tracer with example values (see the module docstring).

    `leaf_types`: module classes kept as call_module nodes (everything else is
    traced through). `leaf_functions`: Python functions recorded as
    call_function nodes instead of being traced into."""

    def __init__(self, examples, leaf_types=(), leaf_functions=()):
        fx.Tracer.__init__(self)
        self.examples = examples            # placeholder name -> [sample values]
        self.nsamples = len(next(iter(examples.values()))) if examples else 2
        self.leaf_types = tuple(leaf_types)
        self.leaf_functions = tuple(leaf_functions)
        self.proxy_buffer_attributes = True
        self._size_proxies = {}

    # -- leaves ---------------------------------------------------------------
    def is_leaf_module(self, m, qualified_name):
        return type(m) in self.leaf_types

    # -- proxies with examples ---------------------------------------------
    def proxy(self, node):
        return ShapedProxy(node, self)

    def create_proxy(self, kind, target, args, kwargs, name=None, type_expr=None,
                     proxy_factory_fn=None):
        proxy = fx.Tracer.create_proxy(self, kind, target, args, kwargs, name, type_expr)
        node = proxy.node
        node.meta["frame"] = user_frame_of_stack(inspect.currentframe())
        if kind == "placeholder":
            node.meta["ex"] = self.examples.get(node.target)
        else:
            node.meta["ex"] = self._evaluate(node)
        return proxy

    def example(self, node, i):
        if "ex" not in node.meta and node.op == "get_attr":
            node.meta["ex"] = [self._fetch_attr(node.target)] * self.nsamples
        ex = node.meta.get("ex")
        if ex is None:
            return MISSING
        return ex[i]

    def _fetch_attr(self, target):
        obj = self.root
        for atom in target.split("."):
            obj = getattr(obj, atom)
        return obj

    def _evaluate(self, node):
        out = []
        for i in range(self.nsamples):
            missing = []

            def get(n, i=i):
                v = self.example(n, i)
                if v is MISSING:
                    missing.append(n)
                return v
            args = map_arg(node.args, get)
            kwargs = map_arg(node.kwargs, get)
            if missing:
                return None
            try:
                with torch.no_grad(), _unpatched_modules():
                    if node.op == "call_function":
                        v = _unpatched(node.target)(*args, **kwargs)
                    elif node.op == "call_method":
                        v = getattr(args[0], node.target)(*args[1:], **kwargs)
                    elif node.op == "call_module":
                        v = self.root.get_submodule(node.target)(*args, **kwargs)
                    elif node.op == "get_attr":
                        v = self._fetch_attr(node.target)
                    else:
                        return None
            except Exception as e:  # noqa: BLE001 - the op may only work on real inputs
                node.meta["ex_error"] = "%s: %s" % (type(e).__name__, e)
                if os.environ.get("ASR_IMPORT_DEBUG"):
                    traceback.print_exc()
                return None
            out.append(v)
        return out

    def sizes_of(self, proxy, ex):
        """A tuple of ints (static dims) and size proxies (dynamic dims)."""
        dims = []
        for d in range(ex[0].dim()):
            values = [e.shape[d] for e in ex]
            if len(set(values)) == 1:
                dims.append(values[0])
            else:
                key = (proxy.node, d)
                if key not in self._size_proxies:
                    self._size_proxies[key] = self.create_proxy("call_method", "size", (proxy, d), {})
                dims.append(self._size_proxies[key])
        return tuple(dims)

    # -- control flow ---------------------------------------------------------
    def to_bool(self, obj):
        ex = obj.node.meta.get("ex")
        if ex is not None and all(isinstance(e, (int, float, bool)) for e in ex):
            what = "a dynamic size (examples %s)" % ", ".join(str(e) for e in ex)
        else:
            what = "a tensor value"
        raise fx.proxy.TraceError(
            "data-dependent control flow: a condition depends on %s (node '%s'); the importer "
            "traces one path for all inputs, so the branch must not depend on input values "
            "or dynamic sizes" % (what, obj.node.name))

    def iter(self, obj):
        raise fx.proxy.TraceError(
            "iteration over a traced tensor (node '%s'): the number of iterations would "
            "depend on input values or dynamic sizes" % obj.node.name)


# ---------------------------------------------------------------------------
# Factories with dynamic sizes
# ---------------------------------------------------------------------------

_ORIGINALS = {}


def _unpatched(fn):
    return _ORIGINALS.get(id(fn), fn)


def _has_proxy(*objs):
    """The first proxy inside plain tuples, lists and dicts (named tuples such
    as PackedSequence are not rebuilt)."""
    for a in objs:
        if isinstance(a, fx.Proxy):
            return a
        if type(a) in (tuple, list):
            p = _has_proxy(*a)
            if p is not None:
                return p
        elif type(a) is dict:
            p = _has_proxy(*a.values())
            if p is not None:
                return p
    return None


def _make_factory(orig):
    def factory(*args, **kwargs):
        p = _has_proxy(args, kwargs)
        if p is not None:
            return p.tracer.create_proxy("call_function", orig, args, kwargs)
        return orig(*args, **kwargs)
    factory.__name__ = orig.__name__
    factory.__wrapped__ = orig
    _ORIGINALS[id(factory)] = orig
    return factory


def _make_leaf(orig):
    def leaf(*args, **kwargs):
        p = _has_proxy(args, kwargs)
        if p is not None:
            return p.tracer.create_proxy("call_function", orig, args, kwargs)
        return orig(*args, **kwargs)
    leaf.__name__ = getattr(orig, "__name__", "leaf")
    leaf.__wrapped__ = orig
    _ORIGINALS[id(leaf)] = orig
    return leaf


@contextlib.contextmanager
def patched(leaf_functions=(), search_modules=()):
    """torch's size-taking factories accept proxies; `leaf_functions` are
    recorded instead of traced into, wherever their defining module or one of
    `search_modules` (the user's model modules) refers to them."""
    import sys
    saved = []
    try:
        for name in _FACTORIES:
            orig = getattr(torch, name)
            saved.append((torch, name, orig))
            setattr(torch, name, _make_factory(orig))
        mods = {fn.__module__ for fn in leaf_functions} | set(search_modules)
        wrappers = {id(fn): _make_leaf(fn) for fn in leaf_functions}
        for mname in mods:
            mod = sys.modules.get(mname)
            if mod is None:
                continue
            for attr, value in list(vars(mod).items()):
                if id(value) in wrappers and any(value is fn for fn in leaf_functions):
                    saved.append((mod, attr, value))
                    setattr(mod, attr, wrappers[id(value)])
        yield
    finally:
        for mod, name, orig in reversed(saved):
            setattr(mod, name, orig)


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def make_entry_module(model, method, input_names):
    """An nn.Module whose forward(<input_names>) calls model.<method>(...)."""
    for n in input_names:
        if not n.isidentifier() or n in ("self", "model"):
            raise ImportFailure("input name %r is not a Python identifier" % n)
    src = "def forward(self, %s):\n    return self.model.%s(%s)\n" % (
        ", ".join(input_names), method, ", ".join(input_names))
    scope = {}
    exec(compile(src, "<entry %s>" % method, "exec"), scope)  # noqa: S102 - generated code

    class Entry(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model
    Entry.forward = scope["forward"]
    Entry.__name__ = "Entry_" + method
    return Entry()


def trace_entry(model, method, inputs, samples, leaf_types=(), leaf_functions=()):
    """Traces model.<method> on the declared inputs.

    `inputs`: [(name, torch dtype, shape list of ints / symbol strings)];
    `samples`: [ {symbol: size} ] (two bindings). Returns (fx.Graph,
    tracer). Raises ImportFailure for trace errors, with the user's line."""
    fn = getattr(type(model), method, None)
    if fn is None or not callable(fn) or \
            fn is getattr(torch.nn.modules.module, "_forward_unimplemented", None):
        raise ImportFailure("%s has no method %r" % (type(model).__name__, method))
    examples = {}
    gen = torch.Generator().manual_seed(0)
    for name, dtype, shape in inputs:
        vals = []
        for s in samples:
            dims = [d if isinstance(d, int) else s[d] for d in shape]
            if dtype.is_floating_point:
                vals.append(torch.randn(dims, generator=gen).to(dtype))
            else:
                vals.append(torch.ones(dims, dtype=dtype))
        examples[name] = vals
    root = make_entry_module(model, method, [i[0] for i in inputs])
    tracer = ShapeTracer(examples, leaf_types, leaf_functions)
    try:
        search = {type(m).__module__ for m in model.modules()} | {type(model).__module__}
        with patched(leaf_functions, search):
            graph = tracer.trace(root)
    except fx.proxy.TraceError as e:
        raise _located(e, "cannot trace %s.%s: " % (type(model).__name__, method))
    except ImportFailure:
        raise
    except Exception as e:  # noqa: BLE001 - any failure while tracing user code
        raise _located(e, "cannot trace %s.%s: %s: " % (type(model).__name__, method,
                                                       type(e).__name__))
    return graph, tracer


def _located(e, prefix):
    from .errors import user_frame_of_traceback
    frame = user_frame_of_traceback(e.__traceback__)
    return ImportFailure(prefix + str(e), where=where_of(frame),
                         code=frame[3] if frame else None)
