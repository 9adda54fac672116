//===- FuzzMlir.cpp - fuzz asr-opt's .mlir input path ----------------------===//
//
// Input: .mlir text. It is parsed with the dialects asr-opt registers (asr,
// func, arith, tensor) and verified, as asr-opt does; what parses must print
// and parse back (the ODS assembly formats round-trip), and is then run
// through asrc's pass pipeline (decompose, fuse attention, hoist, infer
// shapes, plan buffers). Besides crashes and sanitizer reports, the harness
// traps on a printed module that does not parse back, and on a pass failure
// that reported no error diagnostic.
//
//===----------------------------------------------------------------------===//
#include "dialect/ASRDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace {
[[noreturn]] void finding(const char *what, llvm::StringRef text = {}) {
  std::fprintf(stderr, "fuzz-mlir: %s\n%.*s\n", what, int(text.size()), text.data());
  std::abort();
}

/// One registry for every input (building it is not what is being fuzzed).
const DialectRegistry &registry() {
  static const DialectRegistry *r = [] {
    auto *reg = new DialectRegistry;
    reg->insert<asr::ASRDialect, arith::ArithDialect, func::FuncDialect, tensor::TensorDialect>();
    return reg;
  }();
  return *r;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(registry());
  context.disableMultithreading();
  context.allowUnregisteredDialects(false);
  int errors = 0;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    errors += diag.getSeverity() == DiagnosticSeverity::Error;
    return success();
  });
  // NUL-terminated, as asr-opt's file buffers are (MLIR's lexer needs it).
  std::string source(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context, "fuzz.mlir");
  if (!module)
    return 0;

  std::string printed;
  {
    llvm::raw_string_ostream os(printed);
    module->print(os);
  }
  if (!parseSourceString<ModuleOp>(printed, &context, "printed.mlir"))
    finding("a verified module does not parse back after printing:", printed);

  errors = 0;
  PassManager pm(&context);
  pm.addPass(asr::createDecompose());
  pm.addNestedPass<func::FuncOp>(asr::createFuseAttention());
  pm.addPass(asr::createHoistPerUtterance());
  pm.addPass(asr::createInferShapes());
  pm.addNestedPass<func::FuncOp>(asr::createPlanBuffers());
  if (failed(pm.run(*module)) && errors == 0)
    finding("the pass pipeline failed without an error diagnostic");
  return 0;
}
