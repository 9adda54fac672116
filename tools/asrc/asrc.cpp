//===- asrc.cpp - the asrc compiler driver --------------------------------===//
//
// asrc SPEC.json [--weights W.safetensors] [--emit=mlir] [-o OUT]
//
//===----------------------------------------------------------------------===//
#include "tools/asrc/Driver.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static cl::OptionCategory category("asrc options");

static cl::opt<std::string> specPath(cl::Positional, cl::desc("<model spec .json>"),
                                     cl::cat(category));
static cl::opt<bool> listOps(
    "list-ops", cl::desc("Print the spec's op vocabulary as a Markdown table and exit"),
    cl::cat(category));
static cl::opt<std::string> weightsPath(
    "weights", cl::desc("Weights file (.safetensors); default: the spec's \"weights.file\""),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Output file ('-' for stdout)"),
                                       cl::value_desc("path"), cl::init("-"), cl::cat(category));
static cl::opt<asr::EmitKind> emit(
    "emit", cl::desc("What to produce"), cl::init(asr::EmitKind::MLIR),
    cl::values(clEnumValN(asr::EmitKind::MLIR, "mlir",
                          "the verified asr IR of every entry point")),
    cl::cat(category));
static cl::opt<bool> printDebugInfo(
    "mlir-print-debuginfo", cl::desc("Print op locations (the JSON path of each node)"),
    cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "asrc: compile an attention speech-recognition model spec\n\n"
      "  asrc model.json --emit=mlir          print the model's asr IR\n"
      "  asrc model.json --weights w.safetensors --emit=mlir\n\n"
      "The spec format is documented in docs/model-spec.md.\n");
  if (listOps) {
    asr::printOpVocabulary(llvm::outs());
    return 0;
  }
  if (specPath.empty()) {
    llvm::errs() << "asrc: error: no model spec given (see asrc --help)\n";
    return 1;
  }
  asr::DriverOptions options;
  options.specPath = specPath;
  options.weightsPath = weightsPath;
  options.outputPath = outputPath;
  options.emit = emit;
  options.printDebugInfo = printDebugInfo;
  return asr::runDriver(options, llvm::errs());
}
