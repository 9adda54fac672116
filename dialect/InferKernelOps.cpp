//===- InferKernelOps.cpp - shape rules of kernel-level asr ops -----------===//
#include "dialect/ASROps.h"
#include "dialect/ShapeRules.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::asr;

static Type tensorOf(ArrayRef<int64_t> shape, Type elt) {
  return RankedTensorType::get(shape, elt);
}

LogicalResult mlir::asr::inferBroadcastResult(Operation *op, Value lhs, Value rhs,
                                              SmallVectorImpl<Type> &inferred) {
  ShapeRules r(op);
  FailureOr<Shape> out = r.broadcast("broadcast", r.shape(lhs), r.shape(rhs));
  if (failed(out))
    return failure();
  inferred.push_back(tensorOf(*out, r.elementType(lhs)));
  return success();
}

LogicalResult ScaleOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  inferred.push_back(getInput().getType());
  return success();
}

LogicalResult GluOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  Shape out(r.shape(getInput()));
  FailureOr<int64_t> a = r.axis("axis", getAxis(), out.size());
  if (failed(a))
    return failure();
  if (out[*a] != kDyn && out[*a] % 2 != 0)
    return r.error("even-split") << "dim " << *a << " splits into two halves: expected an even size, got "
                                 << out[*a];
  out[*a] = divDim(out[*a], 2);
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

/// Splits a matrix operand [..., rows, cols] into its batch dims and its
/// (rows, cols), swapped when transposed.
static void matrixDims(ArrayRef<int64_t> s, bool transposed, ArrayRef<int64_t> &batch,
                       int64_t &rows, int64_t &cols) {
  batch = s.drop_back(2);
  rows = s[s.size() - 2];
  cols = s.back();
  if (transposed)
    std::swap(rows, cols);
}

LogicalResult MatmulOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.minRank("lhs-rank", "lhs [..., M, K]", getLhs(), 2)) ||
      failed(r.minRank("rhs-rank", "rhs [..., K, N]", getRhs(), 2)))
    return failure();
  ArrayRef<int64_t> lb, rb;
  int64_t m, k1, k2, n;
  matrixDims(r.shape(getLhs()), getTransposeLhs(), lb, m, k1);
  matrixDims(r.shape(getRhs()), getTransposeRhs(), rb, k2, n);
  if (failed(r.unify("contraction", "rhs contraction dim vs lhs contraction dim", k1, k2)))
    return failure();
  FailureOr<Shape> out = r.broadcast("batch-broadcast", lb, rb);
  if (failed(out))
    return failure();
  out->append({m, n});
  inferred.push_back(tensorOf(*out, r.elementType(getLhs())));
  return success();
}

LogicalResult ReduceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  ArrayRef<int64_t> in = r.shape(getInput());
  if (getAxes().empty())
    return r.error("axes") << "at least one axis to reduce: expected >= 1, got 0";
  llvm::SmallBitVector reduced(in.size());
  for (int64_t axis : getAxes()) {
    FailureOr<int64_t> a = r.axis("axes", axis, in.size());
    if (failed(a))
      return failure();
    if (reduced[*a])
      return r.error("axes") << "axis " << axis << " appears twice";
    reduced.set(*a);
  }
  Shape out;
  for (auto [i, d] : llvm::enumerate(in)) {
    if (!reduced[i])
      out.push_back(d);
    else if (getKeepDims())
      out.push_back(1);
  }
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

LogicalResult SoftmaxOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  // Padding masks index the batch (dim 0), causal masks the queries (dim
  // -2): with both, these must be different dims.
  int64_t minRank = getLengths() && getCausal() ? 3 : (getLengths() || getCausal()) ? 2 : 1;
  if (failed(r.minRank("input-rank",
                       minRank == 3   ? "input with padding and causal masks [batch, ..., queries, keys]"
                       : minRank == 2 ? "masked input [batch or queries, keys]"
                                      : "input",
                       getInput(), minRank)))
    return failure();
  int64_t batch = r.shape(getInput())[0];
  if (failed(r.lengths("lengths", getLengths(), batch)))
    return failure();
  inferred.push_back(getInput().getType());
  return success();
}

LogicalResult LogSoftmaxOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.axis("axis", getAxis(), r.type(getInput()).getRank())))
    return failure();
  inferred.push_back(getInput().getType());
  return success();
}

/// The additive-score parameters v [A] and an optional bias [A].
static LogicalResult checkAdditiveVectors(ShapeRules &r, Value v, Value bias, int64_t attnDim) {
  if (!v)
    return r.error("additive-v") << "additive scores need the vector v [attention]: expected one, got none";
  if (failed(r.vector("attention-dim", "v", v, attnDim)) ||
      (bias && failed(r.vector("attention-dim", "bias", bias, attnDim))))
    return failure();
  return success();
}

/// Additive scores have no scale (it would fold into v).
static LogicalResult checkUnscaled(ShapeRules &r, const llvm::APFloat &scale) {
  if (scale.isExactlyValue(1.0))
    return success();
  char got[32];
  std::snprintf(got, sizeof(got), "%g", scale.convertToDouble());
  return r.error("additive-scale") << "additive scores are not scaled: expected 1, got " << got;
}

static LogicalResult noAdditiveOperands(ShapeRules &r, Value v, Value bias) {
  if (v || bias)
    return r.error("dot-operands") << "dot scores take no v or bias: expected none, got "
                                   << (v ? "v" : "bias");
  return success();
}

/// q [B, Lq, A], k [B, Lk, A]: returns (B, Lq, Lk, A).
static FailureOr<std::array<int64_t, 4>> checkAdditiveQK(ShapeRules &r, Value q, Value k) {
  if (failed(r.rank("query-rank", "projected query [batch, queries, attention]", q, 3)) ||
      failed(r.rank("key-rank", "projected key [batch, keys, attention]", k, 3)))
    return failure();
  ArrayRef<int64_t> qs = r.shape(q), ks = r.shape(k);
  FailureOr<int64_t> b = r.unify("batch", "key dim 0 (batch)", qs[0], ks[0]);
  if (failed(b))
    return failure();
  FailureOr<int64_t> a = r.unify("attention-dim", "key dim 2 vs query dim 2", qs[2], ks[2]);
  if (failed(a))
    return failure();
  return std::array<int64_t, 4>{*b, qs[1], ks[1], *a};
}

LogicalResult AttentionScoreOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  Type elt = r.elementType(getQuery());
  if (failed(r.sameElementType("element-type", {getQuery(), getKey(), getV(), getBias()})))
    return failure();
  if (getKind() == ScoreKind::additive) {
    FailureOr<std::array<int64_t, 4>> d = checkAdditiveQK(r, getQuery(), getKey());
    if (failed(d) || failed(checkAdditiveVectors(r, getV(), getBias(), (*d)[3])))
      return failure();
    if (failed(checkUnscaled(r, getScale())))
      return failure();
    inferred.push_back(tensorOf({(*d)[0], (*d)[1], (*d)[2]}, elt));
    return success();
  }
  if (failed(noAdditiveOperands(r, getV(), getBias())) ||
      failed(r.minRank("query-rank", "query [..., queries, dim]", getQuery(), 2)) ||
      failed(r.minRank("key-rank", "key [..., keys, dim]", getKey(), 2)))
    return failure();
  ArrayRef<int64_t> q = r.shape(getQuery()), k = r.shape(getKey());
  if (failed(r.unify("head-dim", "key's last dim vs query's last dim", q.back(), k.back())))
    return failure();
  FailureOr<Shape> out = r.broadcast("batch-broadcast", q.drop_back(2), k.drop_back(2));
  if (failed(out))
    return failure();
  out->append({q[q.size() - 2], k[k.size() - 2]});
  inferred.push_back(tensorOf(*out, elt));
  return success();
}

LogicalResult WeightedSumOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.minRank("probs-rank", "probs [..., queries, keys]", getProbs(), 2)) ||
      failed(r.minRank("values-rank", "values [..., keys, dim]", getValues(), 2)))
    return failure();
  ArrayRef<int64_t> p = r.shape(getProbs()), v = r.shape(getValues());
  if (failed(r.unify("keys", "values' keys dim vs probs' last dim", p.back(), v[v.size() - 2])))
    return failure();
  FailureOr<Shape> out = r.broadcast("batch-broadcast", p.drop_back(2), v.drop_back(2));
  if (failed(out))
    return failure();
  out->append({p[p.size() - 2], v.back()});
  inferred.push_back(tensorOf(*out, r.elementType(getProbs())));
  return success();
}

LogicalResult FusedAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.sameElementType("element-type",
                               {getQuery(), getKey(), getValue(), getV(), getBias()})))
    return failure();
  Type elt = r.elementType(getQuery());
  int64_t batch;
  Shape out, probs;
  if (getKind() == ScoreKind::additive) {
    FailureOr<std::array<int64_t, 4>> d = checkAdditiveQK(r, getQuery(), getKey());
    if (failed(d) || failed(checkAdditiveVectors(r, getV(), getBias(), (*d)[3])) ||
        failed(checkUnscaled(r, getScale())) ||
        failed(r.rank("value-rank", "value [batch, keys, dim]", getValue(), 3)))
      return failure();
    ArrayRef<int64_t> v = r.shape(getValue());
    FailureOr<int64_t> b = r.unify("batch", "value dim 0 (batch)", (*d)[0], v[0]);
    if (failed(b) || failed(r.unify("keys", "value dim 1 vs key dim 1 (keys)", (*d)[2], v[1])))
      return failure();
    batch = *b;
    out = {batch, (*d)[1], v[2]};
    probs = {batch, (*d)[1], (*d)[2]};
  } else {
    if (failed(noAdditiveOperands(r, getV(), getBias())) ||
        failed(r.rank("query-rank", "query [batch, heads, queries, dim]", getQuery(), 4)) ||
        failed(r.rank("key-rank", "key [batch, heads, keys, dim]", getKey(), 4)) ||
        failed(r.rank("value-rank", "value [batch, heads, keys, dim]", getValue(), 4)))
      return failure();
    // Batch and heads are the key's and the value's; the query may
    // broadcast over either with a static 1 (one query for every utterance
    // or head: content attention's weight vector, see asr-decompose).
    ArrayRef<int64_t> q = r.shape(getQuery()), k = r.shape(getKey()), v = r.shape(getValue());
    FailureOr<int64_t> b = r.unify("batch", "value dim 0 (batch)", k[0], v[0]);
    if (failed(b))
      return failure();
    b = r.unifyOrOne("batch", "query dim 0 (batch, 1 to broadcast) vs key dim 0", *b, q[0]);
    if (failed(b))
      return failure();
    FailureOr<int64_t> h = r.unify("heads", "value dim 1 (heads)", k[1], v[1]);
    if (failed(h))
      return failure();
    h = r.unifyOrOne("heads", "query dim 1 (heads, 1 to broadcast) vs key dim 1", *h, q[1]);
    if (failed(h) ||
        failed(r.unify("keys", "value dim 2 vs key dim 2 (keys)", k[2], v[2])) ||
        failed(r.unify("head-dim", "key dim 3 vs query dim 3", q[3], k[3])))
      return failure();
    batch = *b;
    out = {batch, *h, q[2], v[3]};
    probs = {batch, *h, q[2], k[2]};
  }
  if (failed(r.lengths("key-lengths", getKeyLengths(), batch)))
    return failure();
  out[0] = probs[0] = batch;
  inferred.push_back(tensorOf(out, elt));
  if (getReturnProbs())
    inferred.push_back(tensorOf(probs, elt));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  ArrayRef<int64_t> in = r.shape(getInput());
  ArrayRef<int64_t> perm = getPerm();
  if (perm.size() != in.size())
    return r.error("permutation") << "perm needs one entry per dim: expected " << in.size()
                                  << ", got " << perm.size();
  llvm::SmallBitVector seen(in.size());
  Shape out;
  for (int64_t p : perm) {
    if (p < 0 || p >= (int64_t)in.size() || seen[p])
      return r.error("permutation") << "perm must be a permutation of [0, " << in.size()
                                    << "): got " << formatShape(perm);
    seen.set(p);
    out.push_back(in[p]);
  }
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

LogicalResult ReshapeOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  ArrayRef<int64_t> in = r.shape(getInput());
  ArrayRef<int64_t> spec = getShape();
  Shape out;
  llvm::SmallBitVector copied(in.size());
  int64_t inferredAt = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(spec)) {
    if (d == -1) {
      if (inferredAt >= 0)
        return r.error("reshape-spec") << "at most one -1 dim: got " << formatShape(spec);
      inferredAt = i;
      out.push_back(kDyn);
    } else if (d == 0) {
      if (i >= in.size())
        return r.error("reshape-spec") << "0 copies the input dim at the same index, but the input has rank "
                                       << in.size() << ": got 0 at index " << i;
      copied.set(i);
      out.push_back(in[i]);
    } else if (d > 0) {
      known *= d;
      out.push_back(d);
    } else {
      return r.error("reshape-spec") << "dims must be > 0, 0 (copy) or -1 (infer): got " << d;
    }
  }
  // The input elements not accounted for by copied dims.
  int64_t rest = 1;
  bool restDynamic = false;
  for (auto [i, d] : llvm::enumerate(in)) {
    if (copied[i])
      continue;
    if (d == kDyn)
      restDynamic = true;
    else
      rest *= d;
  }
  if (inferredAt >= 0) {
    if (!restDynamic) {
      if (rest % known != 0)
        return r.error("element-count") << "cannot infer the -1 dim: " << rest
                                        << " elements do not divide by " << known;
      out[inferredAt] = rest / known;
    }
  } else if (!restDynamic && rest != known) {
    // (With dynamic dims left over, the count is checked at run time: the
    // types may just not be refined yet.)
    return r.error("element-count") << "reshape " << formatShape(in) << " to "
                                    << formatShape(spec) << " changes the element count: expected "
                                    << rest << ", got " << known;
  }
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

LogicalResult ConcatOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  ValueRange inputs = getInputs();
  if (inputs.empty())
    return r.error("inputs") << "at least one input: expected >= 1, got 0";
  Shape out(r.shape(inputs[0]));
  FailureOr<int64_t> axis = r.axis("axis", getAxis(), out.size());
  if (failed(axis))
    return failure();
  for (auto [n, v] : llvm::enumerate(inputs.drop_front())) {
    if (failed(r.rank("rank", "input #" + std::to_string(n + 1), v, out.size())))
      return failure();
    ArrayRef<int64_t> s = r.shape(v);
    for (size_t i = 0; i < out.size(); ++i) {
      if (i == (size_t)*axis) {
        out[i] = (out[i] == kDyn || s[i] == kDyn) ? kDyn : out[i] + s[i];
        continue;
      }
      FailureOr<int64_t> d = r.unify("dims", "input #" + std::to_string(n + 1) + " dim " +
                                                 std::to_string(i),
                                     out[i], s[i]);
      if (failed(d))
        return failure();
      out[i] = *d;
    }
  }
  inferred.push_back(tensorOf(out, r.elementType(inputs[0])));
  return success();
}

LogicalResult SliceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  Shape out(r.shape(getInput()));
  FailureOr<int64_t> axis = r.axis("axis", getAxis(), out.size());
  int64_t start = getStart(), end = getEnd(), step = getStep();
  if (failed(axis) || failed(r.positive("step", "step", step)) ||
      failed(r.positive("start", "start", start, true)))
    return failure();
  if (end != -1 && end < start)
    return r.error("end") << "end must be -1 (the end of the axis) or >= start: expected >= "
                          << start << ", got " << end;
  int64_t d = out[*axis];
  if (d != kDyn) {
    int64_t e = end == -1 ? d : std::min(end, d);
    int64_t s = std::min(start, d);
    out[*axis] = e > s ? (e - s - 1) / step + 1 : 0; // ceil((e - s) / step), no overflow
  } else {
    out[*axis] = kDyn;
  }
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

LogicalResult UpdateSliceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.sameElementType("element-type", {getDest(), getUpdate()})) ||
      failed(r.minRank("dest-rank", "dest [batch, length, ...]", getDest(), 2)) ||
      failed(r.rank("update-rank", "update (same rank as dest)", getUpdate(),
                    r.type(getDest()).getRank())))
    return failure();
  ArrayRef<int64_t> dest = r.shape(getDest()), upd = r.shape(getUpdate());
  for (size_t i = 0; i < dest.size(); ++i) {
    if (i == 1) {
      if (dest[1] != kDyn && upd[1] != kDyn && upd[1] > dest[1])
        return r.error("update-length") << "update is longer than dest along dim 1: expected at most "
                                        << dest[1] << ", got " << upd[1];
      continue;
    }
    if (failed(r.unify("dims", "update dim " + std::to_string(i), dest[i], upd[i])))
      return failure();
  }
  int64_t batch = dest[0];
  if (failed(r.lengths("position", getPosition(), batch)))
    return failure();
  inferred.push_back(getDest().getType());
  return success();
}
