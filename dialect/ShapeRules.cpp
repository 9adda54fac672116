//===- ShapeRules.cpp - helpers for the ops' shape rules ------------------===//
#include "dialect/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::asr;

std::string mlir::asr::formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (d == kDyn)
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

InFlightDiagnostic ShapeRules::error(StringRef rule) {
  return op->emitOpError() << rule << ": ";
}

LogicalResult ShapeRules::rank(StringRef rule, StringRef what, Value v,
                               int64_t expected) {
  int64_t got = type(v).getRank();
  if (got == expected)
    return success();
  return error(rule) << what << " must have rank " << expected
                     << ": expected rank " << expected << ", got rank " << got
                     << " " << formatShape(shape(v));
}

LogicalResult ShapeRules::minRank(StringRef rule, StringRef what, Value v,
                                  int64_t expected) {
  int64_t got = type(v).getRank();
  if (got >= expected)
    return success();
  return error(rule) << what << " must have rank >= " << expected
                     << ": expected rank >= " << expected << ", got rank "
                     << got << " " << formatShape(shape(v));
}

FailureOr<int64_t> ShapeRules::unify(StringRef rule, StringRef what,
                                     int64_t expected, int64_t got) {
  if (expected == kDyn)
    return got;
  if (got == kDyn || got == expected)
    return expected;
  return error(rule) << what << ": expected " << expected << ", got " << got;
}

FailureOr<int64_t> ShapeRules::unifyOrOne(StringRef rule, StringRef what,
                                          int64_t full, int64_t got) {
  if (got == 1)
    return full;
  if (full == kDyn)
    return got;
  if (got == kDyn || got == full)
    return full;
  InFlightDiagnostic diag = error(rule) << what << ": expected 1";
  if (full != 1)
    diag << " or " << full;
  return diag << ", got " << got;
}

FailureOr<int64_t> ShapeRules::vector(StringRef rule, StringRef what, Value v,
                                      int64_t n) {
  if (failed(rank(rule, what, v, 1)))
    return failure();
  return unify(rule, (what + " size").str(), n, shape(v)[0]);
}

LogicalResult ShapeRules::sameElementType(StringRef rule,
                                          ArrayRef<Value> values) {
  // Absent optional operands (null values) are skipped.
  Type want;
  for (Value v : values) {
    if (!v)
      continue;
    Type got = elementType(v);
    if (!want) {
      want = got;
      continue;
    }
    if (got != want)
      return error(rule) << "operands must share one element type: expected "
                         << want << ", got " << got;
  }
  return success();
}

LogicalResult ShapeRules::positive(StringRef rule, StringRef what,
                                   int64_t value, bool allowZero) {
  if (value > 0 || (allowZero && value == 0))
    return success();
  return error(rule) << what << " must be " << (allowZero ? ">= 0" : "> 0")
                     << ", got " << value;
}

FailureOr<int64_t> ShapeRules::axis(StringRef rule, int64_t axis,
                                    int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a >= 0 && a < rank)
    return a;
  return error(rule) << "axis " << axis << " out of range for rank " << rank
                     << ": expected a value in [" << -rank << ", " << rank
                     << "), got " << axis;
}

FailureOr<Shape> ShapeRules::broadcast(StringRef rule, ArrayRef<int64_t> lhs,
                                       ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t r = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    int64_t &o = out[rank - 1 - i];
    if (l == r)
      o = l;
    else if (l == 1)
      o = r;
    else if (r == 1)
      o = l;
    else if (l == kDyn)
      o = r;
    else if (r == kDyn)
      o = l;
    else
      return error(rule) << "shapes " << formatShape(lhs) << " and "
                         << formatShape(rhs) << " do not broadcast at dim "
                         << (int64_t)(rank - 1 - i) << ": expected " << l
                         << " or 1, got " << r;
  }
  return out;
}

LogicalResult ShapeRules::lengths(StringRef rule, Value lengths,
                                  int64_t &batch) {
  if (!lengths)
    return success();
  FailureOr<int64_t> b = vector(rule, "lengths (one per utterance)", lengths,
                                batch);
  if (failed(b))
    return failure();
  batch = *b;
  return success();
}

int64_t mlir::asr::convOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                  int64_t padding, int64_t dilation) {
  if (in == kDyn || kernel == kDyn)
    return kDyn;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t n = in + 2 * padding - span;
  return n < 0 ? 0 : n / stride + 1;
}
