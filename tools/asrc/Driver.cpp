//===- Driver.cpp - the asrc compilation pipeline -------------------------===//
#include "tools/asrc/Driver.h"

#include "frontend/ModelSpec.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace asr {

/// "<spec>: <json path>" for NameLocs (spec nodes), "file:line:col" for file
/// locations (JSON syntax errors).
static void printLocation(Location loc, const std::string &specPath, llvm::raw_ostream &os) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    os << specPath << ": " << name.getName().getValue();
    if (auto node = dyn_cast<NameLoc>(name.getChildLoc()))
      os << " (" << node.getName().getValue() << ")";
    return;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":" << file.getColumn();
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
    return printLocation(fused.getLocations().front(), specPath, os);
  os << specPath;
}

int runDriver(const DriverOptions &options, llvm::raw_ostream &errs) {
  MLIRContext context;
  // Single-threaded: the 2-core build machines gain nothing from MLIR's pool.
  context.disableMultithreading();
  context.printOpOnDiagnostic(false);
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    printLocation(diag.getLocation(), options.specPath, errs);
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error: errs << ": error: "; break;
    case DiagnosticSeverity::Warning: errs << ": warning: "; break;
    case DiagnosticSeverity::Note: errs << ": note: "; break;
    case DiagnosticSeverity::Remark: errs << ": remark: "; break;
    }
    errs << diag.str() << "\n";
    for (Diagnostic &note : diag.getNotes()) {
      printLocation(note.getLocation(), options.specPath, errs);
      errs << ": note: " << note.str() << "\n";
    }
    return success();
  });

  ModelSpecOptions specOptions{options.specPath, options.weightsPath};
  OwningOpRef<ModuleOp> module = importModelSpecFile(context, specOptions);
  if (!module)
    return 1;

  std::string err;
  auto output = openOutputFile(options.outputPath, &err);
  if (!output) {
    errs << "asrc: error: " << err << "\n";
    return 1;
  }
  OpPrintingFlags flags;
  if (options.printDebugInfo)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module->print(output->os(), flags);
  output->os() << "\n";
  output->keep();
  return 0;
}

} // namespace asr
