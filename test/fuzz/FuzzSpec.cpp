//===- FuzzSpec.cpp - fuzz the JSON model-spec frontend and the pipeline ---===//
//
// Input: the text of a model spec. It is imported (frontend/ModelSpec.cpp),
// and what imports is lowered by asrc's pass pipeline (decompose, fuse
// attention, hoist, infer shapes, plan buffers) and emitted (kernel
// descriptions + entry-point C++, no Halide compile). Every input must end in
// verified IR or in an error diagnostic; besides crashes and sanitizer
// reports, the harness traps on
//  * an imported module that fails the verifier,
//  * a failure that reported no error diagnostic.
// The spec's weights file is never found (the spec path is in a directory
// that does not exist), so specs import from their declared weight shapes.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/ModelEmitter.h"
#include "frontend/ModelSpec.h"
#include "passes/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace {
/// Stops with a message: a fuzzer finding that is not a crash.
[[noreturn]] void finding(const char *what) {
  std::fprintf(stderr, "fuzz-spec: %s\n", what);
  std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context;
  context.disableMultithreading();
  int errors = 0;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    errors += diag.getSeverity() == DiagnosticSeverity::Error;
    return success();
  });
  ::asr::ModelSpecOptions options;
  options.specPath = "/nonexistent/asrc-fuzz/spec.json";
  OwningOpRef<ModuleOp> module = ::asr::importModelSpec(
      context, llvm::StringRef(reinterpret_cast<const char *>(data), size), options);
  if (!module) {
    if (errors == 0)
      finding("import failed without an error diagnostic");
    return 0;
  }
  if (failed(verify(*module)))
    finding("the imported module does not verify");

  PassManager pm(&context);
  pm.addPass(mlir::asr::createDecompose());
  pm.addNestedPass<func::FuncOp>(mlir::asr::createFuseAttention());
  pm.addPass(mlir::asr::createHoistPerUtterance());
  pm.addPass(mlir::asr::createInferShapes());
  pm.addNestedPass<func::FuncOp>(mlir::asr::createPlanBuffers());
  if (failed(pm.run(*module))) {
    if (errors == 0)
      finding("the pass pipeline failed without an error diagnostic");
    return 0;
  }
  ::asr::EmittedModel emitted;
  if (failed(::asr::emitModel(*module, emitted)) && errors == 0)
    finding("emitModel failed without an error diagnostic");
  return 0;
}
