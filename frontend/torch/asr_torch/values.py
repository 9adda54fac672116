"""Abstract values the converter computes for fx nodes.

* TV: a tensor of the spec, seen through a lazy view. PyTorch code moves dims
  around (Conv1d wants [B, C, T], attention wants [B, H, T, D]) where asrc's
  ops are channels-last; a TV is a spec value `base` plus `axes`, the base
  axis behind each PyTorch dim (None for an inserted unit dim; base axes not
  listed are unit dims that were squeezed away). Transposes, permutes and
  (un)squeezes only change `axes`; elementwise ops apply to the base. A
  view becomes transpose/reshape nodes only when an op needs it
  (`materialize`).
* Table: a tensor computed from sizes and constants only (no model input),
  with its example values (position tables, iota for masks, causal masks).
* Mask / AnyValid / MaskedScores / ZerosLike: the pieces of a padding or
  causal mask applied to attention scores before a softmax.
* LenExpr: integer arithmetic on per-utterance lengths (subsampling).
* WeightPrefix: rows 0..T of a weight (a learned position table).
* Poison: the value of a node that could not be mapped (reported once).
"""
from .spec import Dyn, SV


class Poison:
    def __init__(self, node):
        self.node = node


class Opaque:
    """A value the spec cannot represent (e.g. an LSTM's final state): an
    error when used."""

    def __init__(self, what):
        self.what = what


class TV:
    def __init__(self, base, axes=None):
        assert isinstance(base, SV), base
        self.base = base
        self.axes = list(range(base.rank)) if axes is None else list(axes)
        self._mat = None

    @property
    def shape(self):
        return tuple(1 if a is None else self.base.shape[a] for a in self.axes)

    @property
    def rank(self):
        return len(self.axes)

    @property
    def dtype(self):
        return self.base.dtype

    @property
    def is_float(self):
        return self.base.dtype.is_floating_point

    def is_identity(self):
        return self.axes == list(range(self.base.rank))

    def __repr__(self):
        return "TV(%s, axes=%s)" % (self.base, self.axes)

    # -- views ----------------------------------------------------------------
    def permute(self, perm):
        perm = [p % self.rank for p in perm]
        return TV(self.base, [self.axes[p] for p in perm])

    def transpose(self, a, b):
        perm = list(range(self.rank))
        a, b = a % self.rank, b % self.rank
        perm[a], perm[b] = perm[b], perm[a]
        return self.permute(perm)

    def unsqueeze(self, pos):
        if pos < 0:
            pos += self.rank + 1
        axes = list(self.axes)
        axes.insert(pos, None)
        return TV(self.base, axes)

    def squeeze(self, pos):
        pos %= self.rank
        if self.shape[pos] != 1:
            raise ValueError("squeeze of a dim that is not 1")
        axes = list(self.axes)
        del axes[pos]
        return TV(self.base, axes)

    def with_base(self, base):
        """The same view of another base of the same shape (elementwise ops)."""
        return TV(base, self.axes)

    def view_as_unit_changes(self, out_shape):
        """The view for a reshape to `out_shape` that only inserts/removes
        unit dims; None when the reshape moves data between dims."""
        src = [(i, d) for i, d in enumerate(self.shape) if d != 1]
        dst = [(j, d) for j, d in enumerate(out_shape) if d != 1]
        if [d for _, d in src] != [d for _, d in dst]:
            return None
        axes = [None] * len(out_shape)
        for (i, _), (j, _) in zip(src, dst):
            axes[j] = self.axes[i]
        # keep base unit axes that stay (a 1 in both at matching positions)
        return TV(self.base, axes)

    # -- materialization ---------------------------------------------------
    def _fill_units(self):
        """The axes with inserted unit dims matched to squeezed base unit dims
        in order ([B, 1, T] squeezed to [B, T] and unsqueezed again is the base)."""
        listed = [a for a in self.axes if a is not None]
        removed = [a for a in range(self.base.rank) if a not in listed]
        axes = list(self.axes)
        for j, a in enumerate(axes):
            if a is None and removed:
                axes[j] = removed.pop(0)
        return axes

    def materialize(self, eb, hint=None):
        """An SV equal to this view, emitting transpose/reshape nodes."""
        if self.is_identity():
            return self.base
        if self._mat is not None:
            return self._mat
        base = self.base
        axes = self._fill_units()
        if axes == list(range(base.rank)):
            return base
        listed = [a for a in axes if a is not None]
        removed = [a for a in range(base.rank) if a not in listed]
        # squeezed unit axes stay where they are; the others take the view's order
        perm = list(range(base.rank))
        for slot, a in zip([a for a in range(base.rank) if a not in removed], listed):
            perm[slot] = a
        hint = hint or (base.node.name if base.node is not None else base.ref.lstrip("@")) + "_view"
        v = base
        if perm != list(range(base.rank)):
            v = eb.emit("transpose", [v], tuple(base.shape[p] for p in perm), base.dtype,
                        hint, attrs={"perm": perm})
        if tuple(v.shape) != self.shape:
            v = reshape_sv(eb, v, self.shape, hint)
        v.probs_mask = base.probs_mask
        self._mat = v
        return v


class ReshapeError(Exception):
    pass


def reshape_attr(in_shape, out_shape):
    """asr.reshape's `shape` attribute: static sizes, 0 to copy the input dim
    at the same index, -1 once for the rest."""
    attr = []
    for i, d in enumerate(out_shape):
        if isinstance(d, int):
            attr.append(d)
        elif i < len(in_shape) and in_shape[i] == d:
            attr.append(0)
        else:
            attr.append(-1)
    if attr.count(-1) > 1:
        raise ReshapeError("reshape %s -> %s has more than one dynamic dim that moves"
                           % (_fmt(in_shape), _fmt(out_shape)))
    if attr.count(-1) == 0 and any(isinstance(d, Dyn) for d in in_shape):
        # every dynamic input dim must be copied somewhere
        for i, d in enumerate(in_shape):
            if isinstance(d, Dyn) and not (i < len(out_shape) and out_shape[i] == d):
                raise ReshapeError("reshape %s -> %s drops a dynamic dim" % (_fmt(in_shape),
                                                                              _fmt(out_shape)))
    return attr


def _fmt(shape):
    return "[" + ", ".join(str(d) if isinstance(d, int) else "?" for d in shape) + "]"


def reshape_sv(eb, v, out_shape, hint):
    attr = reshape_attr(v.shape, out_shape)
    r = eb.emit("reshape", [v], tuple(out_shape), v.dtype, hint, attrs={"shape": attr})
    return r


class Table:
    """A tensor computed from sizes and constants only; `ex` its example
    values (one per sample)."""

    def __init__(self, ex, node=None):
        self.ex = ex
        self.node = node

    @property
    def static(self):
        import torch
        e0 = self.ex[0]
        return all(e.shape == e0.shape and torch.equal(e, e0) for e in self.ex[1:])


class Mask:
    """A boolean mask over attention scores of rank `rank`: `lengths` (an SV
    [B], or None) masks positions t >= lengths[b] along `time_axis` with the
    batch along `batch_axis` (negative axes); `causal` masks key j > query i
    over the last two axes. `neg` = True means the tensor is True where
    masked (a padding mask), False: True where valid."""

    def __init__(self, rank, lengths=None, time_axis=-1, batch_axis=None, causal=False,
                 neg=False):
        self.rank = rank
        self.lengths = lengths
        self.time_axis = time_axis
        self.batch_axis = batch_axis if batch_axis is not None else -rank
        self.causal = causal
        self.neg = neg

    def copy(self, **kw):
        m = Mask(self.rank, self.lengths, self.time_axis, self.batch_axis, self.causal, self.neg)
        for k, v in kw.items():
            setattr(m, k, v)
        return m

    def same_as(self, other):
        return (self.lengths is other.lengths and self.causal == other.causal and
                (self.lengths is None or (self.time_axis == other.time_axis)))

    def __repr__(self):
        return "Mask(len=%s, t=%s, b=%s, causal=%s, neg=%s, rank=%d)" % (
            self.lengths, self.time_axis, self.batch_axis, self.causal, self.neg, self.rank)


class AnyValid:
    """mask.any(dim=-1, keepdim=True): rows with at least one valid key."""

    def __init__(self, mask):
        self.mask = mask


class MaskedScores:
    """Scores with masked positions set to -inf, awaiting a softmax."""

    def __init__(self, tv, mask):
        self.tv = tv
        self.mask = mask


class ZerosLike:
    def __init__(self, like):
        self.like = like


class LenExpr:
    """An integer expression of per-utterance lengths: `base` (SV [B]) through
    `ops`, each ("add", c), ("floordiv", s) or ("clamp", lo)."""

    def __init__(self, base, ops=(), dtype=None):
        self.base = base
        self.ops = list(ops)
        self.dtype = dtype or base.dtype

    def then(self, op):
        return LenExpr(self.base, self.ops + [op], self.dtype)


class WeightPrefix:
    """weight[:n] along axis 0 (a position table read up to a dynamic length)."""

    def __init__(self, tv, length):
        self.tv = tv
        self.length = length


class PrefixSlice:
    """x[:, :n] along `axis` with a dynamic n (before a pyramid reshape)."""

    def __init__(self, tv, axis, length):
        self.tv = tv
        self.axis = axis
        self.length = length
