//===- Passes.h - asr passes ------------------------------------*- C++ -*-===//
#ifndef ASR_PASSES_PASSES_H
#define ASR_PASSES_PASSES_H

#include "dialect/ASROps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir::asr {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Patterns of asr-decompose: one per layer-level op, rewriting it into
/// kernel-level ops (or into layer-level ops that have their own pattern).
void populateDecomposePatterns(RewritePatternSet &patterns);

/// Patterns of asr-fuse-attention: attention_score -> [scale] -> softmax ->
/// weighted_sum chains into asr.fused_attention.
void populateFuseAttentionPatterns(RewritePatternSet &patterns);

} // namespace mlir::asr

#endif // ASR_PASSES_PASSES_H
