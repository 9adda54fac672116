"""Rewrites of an entry point's spec nodes before it is written.

Attention written with tensor ops arrives as

    matmul(q, k, transpose_rhs) -> [scale]* -> softmax [lengths, causal] -> matmul(p, v)

and becomes the chain asr-fuse-attention fuses,

    attention_score dot (scale folded in) -> softmax -> weighted_sum,

over [B, H, L, D] operands (single-head [B, L, D] attention gets a unit head
dim). Scales of q and k (Whisper scales both by d^-0.25) are folded into the
score's scale. Additive scores (v . tanh(q + k)) that the converter already
emitted as attention_score get their weighted_sum the same way.

Content attention pooling (scores = Linear(h) with one output, masked softmax
over time, context = probs @ h) becomes the content_attention layer op.
"""


def replace_uses(eb, old, new):
    for n in eb.nodes:
        n.inputs = [new if v is old else v for v in n.inputs]
    eb.outputs = [(name, new if v is old else v) for name, v in eb.outputs]


def _users(eb, sv):
    out = [n for n in eb.nodes if not n.dead and any(v is sv for v in n.inputs)]
    outs = [name for name, v in eb.outputs if v is sv]
    return out, outs


def _single_use(eb, sv):
    users, outs = _users(eb, sv)
    return len(users) == 1 and not outs and users[0].inputs.count(sv) == 1


def _strip_scale(eb, sv):
    """(sv', factor): looks through single-use scale nodes, and through a
    single-use transpose/reshape of a single-use scale (the scale moves before
    the transpose, which is the same computation)."""
    factor = 1.0
    while True:
        n = sv.node
        if n is None or not _single_use(eb, sv):
            return sv, factor
        if n.op == "scale":
            factor *= n.attrs["factor"]
            sv = n.inputs[0]
            continue
        if n.op in ("transpose", "reshape"):
            inner = n.inputs[0]
            if inner.node is not None and inner.node.op == "scale" and _single_use(eb, inner):
                factor *= inner.node.attrs["factor"]
                n.inputs[0] = inner.node.inputs[0]
                continue
        return sv, factor


def _lift(eb, sv, hint):
    """[B, L, D] -> [B, 1, L, D]."""
    from .values import reshape_sv
    return reshape_sv(eb, sv, (sv.shape[0], 1) + tuple(sv.shape[1:]), hint + "_heads")


def _drop_head(eb, sv, shape, hint):
    from .values import reshape_sv
    return reshape_sv(eb, sv, shape, hint)


def attention_chains(eb):
    changed = False
    for n in list(eb.nodes):
        if n.dead or n.op != "matmul" or n.attrs:
            continue
        p, v = n.inputs
        pn = p.node
        if pn is None or pn.op != "softmax" or v is p:
            continue
        s = pn.inputs[0]
        s2, factor = _strip_scale(eb, s)
        sn = s2.node
        if sn is None or not _single_use(eb, s2):
            continue
        if sn.op == "attention_score" and sn.attrs.get("kind") == "additive":
            if factor != 1.0:
                continue
            pn.inputs[0] = s2
            n.op = "weighted_sum"
            n.attrs = {}
            changed = True
            continue
        if sn.op != "matmul" or sn.attrs.get("transpose_lhs") or not sn.attrs.get("transpose_rhs"):
            continue
        q, k = sn.inputs
        rank = q.rank
        if rank not in (3, 4) or k.rank != rank or v.rank != rank or p.rank != rank:
            continue
        # leading dims must be the same (no broadcasting in the fused op)
        if q.shape[:rank - 2] != k.shape[:rank - 2] or v.shape[:rank - 2] != k.shape[:rank - 2]:
            continue
        q, fq = _strip_scale(eb, q)
        k, fk = _strip_scale(eb, k)
        scale = factor * fq * fk
        if rank == 4:
            sn.op = "attention_score"
            sn.inputs = [q, k]
            sn.attrs = {"kind": "dot", "scale": scale}
            pn.inputs[0] = s2
            n.op = "weighted_sum"
            n.attrs = {}
            changed = True
            continue
        # rank 3: one head; the fused op wants [B, H, L, D]
        if any(not isinstance(d, int) for d in (q.shape[2], k.shape[2], v.shape[2])):
            continue
        hint = sn.name
        q4, k4, v4 = _lift(eb, q, hint + "_q"), _lift(eb, k, hint + "_k"), _lift(eb, v, hint + "_v")
        s4 = eb.emit("attention_score", [q4, k4], (q.shape[0], 1, q.shape[1], k.shape[1]),
                     q.dtype, sn.name + "_score", attrs={"kind": "dot", "scale": scale})
        p4 = eb.emit("softmax", [s4] + pn.inputs[1:], s4.shape, p.dtype, pn.name + "_heads",
                     attrs=dict(pn.attrs))
        o4 = eb.emit("weighted_sum", [p4, v4], (q.shape[0], 1, q.shape[1], v.shape[2]),
                     q.dtype, n.name + "_heads")
        # the old softmax and matmul become reshapes of the new ones
        pn.op, pn.inputs, pn.attrs = "reshape", [p4], {"shape": _attr(p4.shape, p.shape)}
        n.op, n.inputs, n.attrs = "reshape", [o4], {"shape": _attr(o4.shape, n.results[0].shape)}
        sn.dead = True
        changed = True
    return changed


def _attr(in_shape, out_shape):
    from .values import reshape_attr
    return reshape_attr(in_shape, out_shape)


def content_attention(eb):
    """matmul(reshape(softmax(reshape(linear(h, W [1, C])))), h) -> content_attention."""
    for n in list(eb.nodes):
        if n.dead or n.op != "matmul" or n.attrs:
            continue
        p3, h = n.inputs
        if p3.node is None or p3.node.op != "reshape" or p3.rank != 3 or p3.shape[1] != 1:
            continue
        sm = p3.node.inputs[0]
        if sm.node is None or sm.node.op != "softmax" or sm.rank != 2 or sm.node.attrs:
            continue
        r = sm.node.inputs[0]
        if r.node is None or r.node.op != "reshape" or not _single_use(eb, r):
            continue
        lin = r.node.inputs[0]
        ln = lin.node
        if ln is None or ln.op != "linear" or lin.rank != 3 or lin.shape[2] != 1 or \
                not _single_use(eb, lin) or ln.inputs[0] is not h or h.rank != 3:
            continue
        w = dict(ln.weights)
        if "bias" not in w:
            name = eb.model.derived_name(w["weight"] + ".zero_bias")
            import torch
            eb.model.use_weight(name, torch.zeros(1))
            w["bias"] = name
        lengths = sm.node.inputs[1] if len(sm.node.inputs) > 1 else None
        ca = eb.emit("content_attention", [h, lengths], [(h.shape[0], h.shape[2]), sm.shape],
                     h.dtype, ln.name + "_attention",
                     weights={"w": w["weight"], "b": w["bias"]})
        replace_uses(eb, sm, ca[1])
        # the matmul [B, 1, C] becomes a reshape of the context [B, C]
        n.op, n.inputs, n.attrs = "reshape", [ca[0]], {
            "shape": _attr(ca[0].shape, n.results[0].shape)}
        # p3 (reshape of the softmax) now reads the alignment; harmless if unused
    return True


def collapse_views(eb):
    """reshape(reshape(x)) -> reshape(x), transpose(transpose(x)) -> one
    transpose (the inner one used once), and no-op reshapes/transposes."""
    from .values import reshape_attr, ReshapeError
    for n in eb.nodes:
        if n.dead or n.op not in ("reshape", "transpose"):
            continue
        while True:
            inner = n.inputs[0]
            m = inner.node
            if m is None or m.dead or m.op != n.op or not _single_use(eb, inner):
                break
            if n.op == "reshape":
                try:
                    attr = reshape_attr(m.inputs[0].shape, n.results[0].shape)
                except ReshapeError:
                    break
                n.inputs = [m.inputs[0]]
                n.attrs = {"shape": attr}
            else:
                p_in, p_out = m.attrs["perm"], n.attrs["perm"]
                n.inputs = [m.inputs[0]]
                n.attrs = {"perm": [p_in[i] for i in p_out]}
            m.dead = True
        src = n.inputs[0]
        noop = (n.op == "reshape" and tuple(src.shape) == tuple(n.results[0].shape) and
                all(isinstance(d, int) or a == 0 for d, a in zip(n.results[0].shape,
                                                                 n.attrs["shape"]))) or \
            (n.op == "transpose" and n.attrs["perm"] == list(range(len(n.attrs["perm"]))))
        if noop:
            replace_uses(eb, n.results[0], src)
            n.dead = True


_PURE_SKIP = ("constant",)


def cse(eb):
    """Merges nodes with the same op, inputs, weights and attributes."""
    import json
    seen = {}
    for n in eb.nodes:
        if n.dead:
            continue
        key = json.dumps([n.op, [v.ref if v is not None else None for v in n.inputs],
                          sorted(n.weights.items()), sorted(n.attrs.items()),
                          sorted(n.extra.items())], default=str)
        other = seen.get(key)
        if other is None:
            seen[key] = n
            continue
        for a, b in zip(n.results, other.results):
            replace_uses(eb, a, b)
        n.dead = True


def run(eb):
    content_attention(eb)
    attention_chains(eb)
    eb.prune()
    cse(eb)
    collapse_views(eb)
    eb.prune()
