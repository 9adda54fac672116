//===- Passes.h - asr passes ------------------------------------*- C++ -*-===//
#ifndef ASR_PASSES_PASSES_H
#define ASR_PASSES_PASSES_H

#include "dialect/ASROps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::asr {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mlir::asr

#endif // ASR_PASSES_PASSES_H
