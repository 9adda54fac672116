//===- ShapeRules.h - helpers for the ops' shape rules ----------*- C++ -*-===//
//
// Every op's inferResultTypes is written with these helpers, so that every
// violated rule produces a message of one form:
//
//   'asr.linear' op in-features: weight dim 1: expected 80, got 40
//
// i.e. the rule's name, what was checked, and expected vs got. Dynamic dims
// (ShapedType::kDynamic) unify with any size.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_DIALECT_SHAPERULES_H
#define ASR_DIALECT_SHAPERULES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"

#include <optional>
#include <string>

namespace mlir::asr {

using Shape = llvm::SmallVector<int64_t, 4>;
constexpr int64_t kDyn = ShapedType::kDynamic;

/// "[?, ?, 80]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Checks shape rules of one op and reports violations on it.
class ShapeRules {
public:
  explicit ShapeRules(Operation *op) : op(op) {}

  /// Starts an error "<rule>: ".
  InFlightDiagnostic error(llvm::StringRef rule);

  static RankedTensorType type(Value v) {
    return llvm::cast<RankedTensorType>(v.getType());
  }
  static llvm::ArrayRef<int64_t> shape(Value v) { return type(v).getShape(); }
  static Type elementType(Value v) { return type(v).getElementType(); }

  /// `v` has exactly / at least `rank` dims.
  llvm::LogicalResult rank(llvm::StringRef rule, llvm::StringRef what, Value v,
                           int64_t rank);
  llvm::LogicalResult minRank(llvm::StringRef rule, llvm::StringRef what,
                              Value v, int64_t rank);

  /// Unifies two sizes of the same dim: equal, or one dynamic. Returns the
  /// more static of the two; fails with "expected <expected>, got <got>".
  llvm::FailureOr<int64_t> unify(llvm::StringRef rule, llvm::StringRef what,
                                 int64_t expected, int64_t got);

  /// A dim of an operand that may broadcast against the size `full` of the
  /// other operands: static 1 (broadcast), or a size that unifies with
  /// `full`. Returns the full size (`full` when `got` is 1, else the
  /// unified size); fails with "expected 1 or <full>, got <got>".
  llvm::FailureOr<int64_t> unifyOrOne(llvm::StringRef rule, llvm::StringRef what,
                                      int64_t full, int64_t got);

  /// `v` is a vector [n] whose size unifies with `n`; returns the size.
  llvm::FailureOr<int64_t> vector(llvm::StringRef rule, llvm::StringRef what,
                                  Value v, int64_t n);

  /// All values have the element type of the first one; null values (absent
  /// optional operands) are skipped.
  llvm::LogicalResult sameElementType(llvm::StringRef rule,
                                      llvm::ArrayRef<Value> values);

  /// A value > 0 (or >= 0 with allowZero).
  llvm::LogicalResult positive(llvm::StringRef rule, llvm::StringRef what,
                               int64_t value, bool allowZero = false);

  /// Normalizes a possibly negative axis into [0, rank).
  llvm::FailureOr<int64_t> axis(llvm::StringRef rule, int64_t axis,
                                int64_t rank);

  /// NumPy broadcasting of two shapes.
  llvm::FailureOr<Shape> broadcast(llvm::StringRef rule,
                                   llvm::ArrayRef<int64_t> lhs,
                                   llvm::ArrayRef<int64_t> rhs);

  /// The optional per-utterance `lengths` operand: rank 1, integer, size B.
  llvm::LogicalResult lengths(llvm::StringRef rule, Value lengths,
                              int64_t &batch);

  Operation *getOp() const { return op; }

private:
  Operation *op;
};

/// Size of a dim divided by a factor (dynamic stays dynamic).
inline int64_t divDim(int64_t d, int64_t f) { return d == kDyn ? kDyn : d / f; }
inline int64_t mulDim(int64_t d, int64_t f) { return d == kDyn ? kDyn : d * f; }

/// Output length of a convolution, or kDyn when the input or the kernel size
/// is dynamic.
int64_t convOutputSize(int64_t in, int64_t kernel, int64_t stride,
                       int64_t padding, int64_t dilation);

} // namespace mlir::asr

#endif // ASR_DIALECT_SHAPERULES_H
