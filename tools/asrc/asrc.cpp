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
static cl::opt<std::string> outputPath(
    "o", cl::desc("Output: a directory for --emit=lib|objects (default: .), a file for "
                  "--emit=mlir|kernels (default: stdout)"),
    cl::value_desc("path"), cl::cat(category));
static cl::opt<asr::EmitKind> emit(
    "emit", cl::desc("What to produce (default: lib)"), cl::init(asr::EmitKind::Lib),
    cl::values(clEnumValN(asr::EmitKind::MLIR, "mlir", "the verified asr IR, as imported"),
               clEnumValN(asr::EmitKind::Kernels, "kernels",
                          "the IR after decomposition and buffer planning"),
               clEnumValN(asr::EmitKind::Cuda, "cuda",
                          "the CUDA C++ of the kernels (<model>.cu; with --target=cuda or "
                          "host,cuda), without running nvcc"),
               clEnumValN(asr::EmitKind::Objects, "objects",
                          "the kernel objects, entry-point C++ and header"),
               clEnumValN(asr::EmitKind::Lib, "lib", "lib<model>.so and <model>.h")),
    cl::cat(category));
static cl::opt<std::string> target(
    "target",
    cl::desc("What lib<model>.so runs on: host (default; or a Halide target string, e.g. "
             "x86-64-linux-avx2-fma), cuda (an NVIDIA GPU, sm_80 or newer; needs nvcc), or both: "
             "host,cuda (the device is chosen when the model is created, docs/cuda.md)"),
    cl::init("host"), cl::cat(category));
static cl::opt<std::string> nvccPath(
    "nvcc", cl::desc("The CUDA compiler (default: $ASRC_NVCC, else /usr/local/cuda/bin/nvcc)"),
    cl::value_desc("path"), cl::cat(category));
static cl::opt<bool> cudaEmulation(
    "cuda-emulation",
    cl::desc("For tests on machines without a GPU: build the CUDA code for asrc's CPU emulator "
             "instead of with nvcc (run with ASRC_CUDA_DRIVER=<build>/test/cuda-emu/"
             "libasrc_cuda_emu.so)"),
    cl::cat(category));
static cl::opt<unsigned> optLevel(
    "O", cl::desc("0: naive kernel schedules (for comparison and debugging); 2: the default "
                  "schedules"),
    cl::Prefix, cl::init(2), cl::cat(category));
static cl::opt<std::string> tuningDb(
    "tuning-db",
    cl::desc("Tuned kernel schedules from asr-tune (docs/tuning-db.md); kernels without an "
             "entry keep the default schedule"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> autoscheduler(
    "autoschedule",
    cl::desc("For comparison: schedule the compute kernels with a Halide autoscheduler "
             "(Mullapudi2016, Li2018 or Adams2019) for HL_NUM_THREADS threads (default: all "
             "cores); kernels it cannot schedule keep the default schedule"),
    cl::value_desc("name"), cl::cat(category));
static cl::opt<int64_t> autoscheduleFrames(
    "autoschedule-frames",
    cl::desc("The extent the autoscheduler assumes for dynamic time dims (default 1500)"),
    cl::init(1500), cl::cat(category));
static cl::opt<bool> printIRAfterAll("print-ir-after-all",
                                     cl::desc("Print the IR after every pass (to stderr)"),
                                     cl::cat(category));
static cl::opt<bool> quiet("quiet", cl::desc("No progress lines"), cl::cat(category));
static cl::opt<bool> noFuseAttention(
    "no-fuse-attention",
    cl::desc("Keep attention as score, softmax and weighted-sum kernels (for comparison)"),
    cl::cat(category));
static cl::opt<bool> noHoist(
    "no-hoist",
    cl::desc("Keep per-utterance work (inputs marked \"per_utterance\") inside each decoder "
             "step instead of an <entry>_prepare entry point (for comparison)"),
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
      "  asrc model.json --weights w.safetensors -o out/   out/lib<model>.so + out/<model>.h\n"
      "  asrc model.json --emit=mlir                        print the model's asr IR\n"
      "  asrc model.json --emit=kernels                     the IR code generation sees\n\n"
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
  options.target = target;
  options.nvcc = nvccPath;
  options.cudaEmulation = cudaEmulation;
  if (optLevel != 0 && optLevel != 2) {
    llvm::errs() << "asrc: error: -O" << optLevel << ": expected -O0 or -O2\n";
    return 1;
  }
  options.optLevel = optLevel;
  options.printIRAfterAll = printIRAfterAll;
  options.tuningDbPath = tuningDb;
  if (!autoscheduler.empty() && autoscheduler != "Mullapudi2016" && autoscheduler != "Li2018" &&
      autoscheduler != "Adams2019") {
    llvm::errs() << "asrc: error: --autoschedule: unknown autoscheduler '" << autoscheduler
                 << "' (Mullapudi2016, Li2018 or Adams2019)\n";
    return 1;
  }
  if (autoscheduleFrames < 1) {
    llvm::errs() << "asrc: error: --autoschedule-frames must be >= 1\n";
    return 1;
  }
  options.autoscheduler = autoscheduler;
  options.autoscheduleFrames = autoscheduleFrames;
  options.quiet = quiet;
  options.fuseAttention = !noFuseAttention;
  options.hoistPerUtterance = !noHoist;
  return asr::runDriver(options, llvm::errs());
}
