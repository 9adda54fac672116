//===- Driver.h - the asrc compilation pipeline -----------------*- C++ -*-===//
//
// The pipeline behind `asrc`, as a library: the tool only parses flags into
// DriverOptions. Stop points (`--emit=`) let tests look at each stage.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_TOOLS_ASRC_DRIVER_H
#define ASR_TOOLS_ASRC_DRIVER_H

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace asr {

enum class EmitKind {
  MLIR, ///< the verified asr IR, as imported from the spec
};

struct DriverOptions {
  std::string specPath;
  std::string weightsPath; ///< empty: the spec's own
  std::string outputPath = "-";
  EmitKind emit = EmitKind::MLIR;
  bool printDebugInfo = false; ///< print locations (JSON paths) in the IR
};

/// Runs the pipeline; diagnostics go to `errs` as "<spec>: <json path>:
/// error: <message>". Returns the process exit code.
int runDriver(const DriverOptions &options, llvm::raw_ostream &errs);

/// Prints the spec's op vocabulary (frontend/OpTable.cpp) as Markdown; the
/// same table is docs/spec-ops.md.
void printOpVocabulary(llvm::raw_ostream &os);

} // namespace asr

#endif // ASR_TOOLS_ASRC_DRIVER_H
