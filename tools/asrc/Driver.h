//===- Driver.h - the asrc compilation pipeline -----------------*- C++ -*-===//
//
// The pipeline behind `asrc`, as a library: the tool only parses flags into
// DriverOptions. Stop points (`--emit=`) let tests look at each stage:
//
//   spec --import--> asr IR (--emit=mlir)
//        --asr-decompose, asr-fuse-attention, asr-infer-shapes, asr-plan-buffers-->
//        kernel IR (--emit=kernels)
//        --codegen--> kernel objects + entry-point C++ + header (--emit=objects)
//        --c++ and link--> lib<model>.so (--emit=lib, the default)
//
//===----------------------------------------------------------------------===//
#ifndef ASR_TOOLS_ASRC_DRIVER_H
#define ASR_TOOLS_ASRC_DRIVER_H

#include "codegen/cpu/ModelEmitter.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace asr {

enum class EmitKind {
  MLIR,    ///< the verified asr IR, as imported from the spec
  Kernels, ///< the IR after decomposition and buffer planning
  Cuda,    ///< the model's CUDA C++ (<model>.cu; needs a cuda target), no nvcc
  Objects, ///< OUTDIR/<model>.cpp, <model>.h and the kernel objects
  Lib,     ///< OUTDIR/lib<model>.so and <model>.h
};

struct DriverOptions {
  std::string specPath;
  std::string weightsPath; ///< empty: the spec's own
  /// --emit=mlir|kernels: a file ("-" = stdout); objects|lib: a directory.
  std::string outputPath;
  EmitKind emit = EmitKind::Lib;
  /// "host", a Halide target string, "cuda", or a host target and cuda
  /// separated by a comma ("host,cuda"): which code lib<model>.so holds.
  std::string target = "host";
  /// For tests without a GPU: compile the CUDA code with the host compiler
  /// for the CPU emulator (test/cuda-emu) instead of nvcc, into
  /// OUTDIR/lib<model>.cuemu.so, and embed its path as the "fatbin".
  bool cudaEmulation = false;
  /// nvcc; empty: $ASRC_NVCC, else /usr/local/cuda/bin/nvcc.
  std::string nvcc;
  int optLevel = 2;            ///< 0: naive schedules; 2: tuned defaults
  bool printDebugInfo = false; ///< print locations (JSON paths) in the IR
  bool printIRAfterAll = false;
  bool quiet = false;          ///< no progress lines
  bool fuseAttention = true;   ///< asr-fuse-attention (--no-fuse-attention to compare)
  /// asr-hoist-per-utterance (--no-hoist to compare): per-utterance work of
  /// decoder steps moves into `<entry>_prepare` entry points.
  bool hoistPerUtterance = true;
  /// A tuning database (asr-tune; docs/tuning-db.md): kernels it has an
  /// entry for get the tuned schedule. Empty: default schedules.
  std::string tuningDbPath;
  /// For comparison: a Halide autoscheduler schedules the compute kernels
  /// (kernels::CompileOptions::autoscheduler); empty: our schedules.
  std::string autoscheduler;
  int64_t autoscheduleFrames = 1500;
};

/// Runs the pipeline; diagnostics go to `errs` as "<spec>: <json path>:
/// error: <message>", progress lines ("asrc: <stage> ... 0.12 s") too.
/// Returns the process exit code.
int runDriver(const DriverOptions &options, llvm::raw_ostream &errs);

/// Import, passes and entry-point generation without compiling anything:
/// the model's distinct kernels (for asr-tune). Diagnostics as runDriver's;
/// false when the spec does not lower.
bool collectModelKernels(const DriverOptions &options, llvm::raw_ostream &errs,
                         std::vector<KernelInstance> &kernels);

/// Splits --target into its host part ("" when there is none) and whether
/// CUDA is wanted; false with `error` for a malformed list.
bool parseTargets(const std::string &target, std::string &host, bool &cuda, std::string &error);

/// Prints the spec's op vocabulary (frontend/OpTable.cpp) as Markdown; the
/// same table is docs/spec-ops.md.
void printOpVocabulary(llvm::raw_ostream &os);

} // namespace asr

#endif // ASR_TOOLS_ASRC_DRIVER_H
