//===- ASROps.h - asr dialect operations ------------------------*- C++ -*-===//
#ifndef ASR_DIALECT_ASROPS_H
#define ASR_DIALECT_ASROPS_H

#include "dialect/ASRDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/ASREnums.h.inc"

namespace mlir::asr::detail {
/// Verifier of InferShapeOpInterface: the op's declared result types must be
/// compatible with the ones its shape rules infer.
llvm::LogicalResult verifyInferredResultTypes(Operation *op);
} // namespace mlir::asr::detail

namespace mlir::asr {
/// Shape rule of the broadcasting elementwise binary ops.
llvm::LogicalResult inferBroadcastResult(Operation *op, Value lhs, Value rhs,
                                         llvm::SmallVectorImpl<Type> &inferred);
} // namespace mlir::asr

#include "dialect/ASRInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialect/ASROps.h.inc"

#endif // ASR_DIALECT_ASROPS_H
