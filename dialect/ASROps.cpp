//===- ASROps.cpp - asr op definitions ------------------------------------===//
//
// Generated op classes, the interface verifier, and small accessors. The
// shape rules of each op live in InferLayerOps.cpp and InferKernelOps.cpp.
//
//===----------------------------------------------------------------------===//
#include "dialect/ASROps.h"
#include "dialect/ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::asr;

#include "dialect/ASREnums.cpp.inc"
#include "dialect/ASRInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "dialect/ASROps.cpp.inc"

LogicalResult mlir::asr::detail::verifyInferredResultTypes(Operation *op) {
  SmallVector<Type> inferred;
  if (failed(cast<InferShapeOpInterface>(op).inferResultTypes(inferred)))
    return failure();
  if (inferred.size() != op->getNumResults())
    return op->emitOpError("result-count: expected ")
           << inferred.size() << " results, got " << op->getNumResults();
  for (auto [i, want, got] :
       llvm::enumerate(inferred, op->getResultTypes())) {
    if (getElementTypeOrSelf(want) != getElementTypeOrSelf(got) ||
        failed(verifyCompatibleShape(want, got)))
      return op->emitOpError("result-type: result #")
             << i << ": expected " << want << ", got " << got;
  }
  return success();
}

Value MultiHeadAttentionOp::getBias(unsigned i) {
  ArrayRef<bool> has = getHasBias();
  if (i >= has.size() || !has[i])
    return {};
  unsigned index = llvm::count(has.take_front(i), true);
  return index < getBiases().size() ? getBiases()[index] : Value();
}
