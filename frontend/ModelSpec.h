//===- ModelSpec.h - JSON model spec -> asr IR ------------------*- C++ -*-===//
//
// Reads a model spec (docs/model-spec.md) and builds one func.func per entry
// point out of asr ops. Every op's location is a NameLoc holding the JSON
// path of its node ("entry_points[0].nodes[3]"), so diagnostics, including
// the op verifiers', point at the user's spec. Weights are checked against
// the safetensors header (present, dtype, shape) before the ops that use
// them are built.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_FRONTEND_MODELSPEC_H
#define ASR_FRONTEND_MODELSPEC_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace asr {

struct ModelSpecOptions {
  /// Path of the spec file (used for messages and to resolve relative paths).
  std::string specPath;
  /// The weights file; empty: the spec's "weights.file", resolved relative to
  /// the spec. An explicit path must exist; the spec's default may be absent
  /// when the spec declares every weight's dtype and shape.
  std::string weightsPath;
};

/// Imports the spec text `json`. On failure reports errors through the
/// context's diagnostic engine and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importModelSpec(mlir::MLIRContext &context,
                                                  llvm::StringRef json,
                                                  const ModelSpecOptions &options);

/// Reads `options.specPath` and imports it.
mlir::OwningOpRef<mlir::ModuleOp> importModelSpecFile(mlir::MLIRContext &context,
                                                      const ModelSpecOptions &options);

} // namespace asr

#endif // ASR_FRONTEND_MODELSPEC_H
