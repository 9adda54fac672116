//===- InferShapes.cpp - the asr-infer-shapes pass ------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

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

/// Refines the result types of every shaped op in `func`. Returns failure
/// after reporting a conflict; sets `changed` when a type changed.
static LogicalResult refineOps(func::FuncOp func, IRRewriter &rewriter, bool &changed) {
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
      if (refined != res.getType()) {
        rewriter.modifyOpInPlace(op, [&] { res.setType(refined); });
        changed = true;
      }
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

namespace {
struct InferShapesPass : public mlir::asr::impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(module.getContext());
    SymbolTable symbols(module);
    bool changed = true;
    while (changed) {
      changed = false;
      for (auto func : module.getOps<func::FuncOp>()) {
        if (func.isExternal())
          continue;
        if (failed(refineOps(func, rewriter, changed)))
          return signalPassFailure();
        // A function returns what its terminator returns.
        func.walk([&](func::ReturnOp ret) {
          auto type = FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                        ret.getOperandTypes());
          if (type != func.getFunctionType()) {
            rewriter.modifyOpInPlace(func, [&] { func.setFunctionType(type); });
            changed = true;
          }
        });
      }
      // Calls return what their callee now returns.
      module.walk([&](func::CallOp call) {
        auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
        if (!callee)
          return;
        for (auto [res, type] : llvm::zip(call.getResults(), callee.getResultTypes())) {
          Type merged = refine(res.getType(), type);
          if (merged && merged != res.getType()) {
            rewriter.modifyOpInPlace(call, [&] { res.setType(merged); });
            changed = true;
          }
        }
      });
    }
  }
};
} // namespace
