//===- InferShapes.cpp - the asr-infer-shapes pass ------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::asr {
#define GEN_PASS_DEF_INFERSHAPES
#include "passes/Passes.h.inc"
} // namespace mlir::asr

using namespace mlir;
using namespace mlir::asr;

/// The more static of two compatible types, or null if they conflict.
static Type refine(Type declared, Type inferred) {
  auto d = dyn_cast<RankedTensorType>(declared);
  auto i = dyn_cast<RankedTensorType>(inferred);
  if (!d || !i || d.getRank() != i.getRank() || d.getElementType() != i.getElementType())
    return {};
  SmallVector<int64_t> shape;
  for (auto [a, b] : llvm::zip(d.getShape(), i.getShape())) {
    if (a != ShapedType::kDynamic && b != ShapedType::kDynamic && a != b)
      return {};
    shape.push_back(a == ShapedType::kDynamic ? b : a);
  }
  return RankedTensorType::get(shape, d.getElementType(), d.getEncoding());
}

namespace {
struct InferShapesPass : public mlir::asr::impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(func.getContext());
    WalkResult result = func.walk([&](InferShapeOpInterface op) {
      SmallVector<Type> inferred;
      if (failed(op.inferResultTypes(inferred)))
        return WalkResult::interrupt();
      if (inferred.size() != op->getNumResults()) {
        op->emitOpError("result-count: expected ")
            << inferred.size() << " results, got " << op->getNumResults();
        return WalkResult::interrupt();
      }
      for (auto [res, want] : llvm::zip(op->getResults(), inferred)) {
        Type refined = refine(res.getType(), want);
        if (!refined) {
          op->emitOpError("result-type: result #")
              << res.getResultNumber() << ": expected " << want << ", got " << res.getType();
          return WalkResult::interrupt();
        }
        if (refined != res.getType())
          rewriter.modifyOpInPlace(op, [&] { res.setType(refined); });
      }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    // The function returns what its terminator returns.
    func.walk([&](func::ReturnOp ret) {
      auto type = FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                    ret.getOperandTypes());
      if (type != func.getFunctionType())
        rewriter.modifyOpInPlace(func, [&] { func.setFunctionType(type); });
    });
  }
};
} // namespace
