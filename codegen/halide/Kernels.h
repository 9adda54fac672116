//===- Kernels.h - Halide algorithms + schedules for asr kernels -*- C++ -*-===//
//
// The shared API of codegen/halide: a KernelDesc goes in, a scheduled
// Halide::Pipeline comes out. The compute-heavy kinds live in
// KernelsCompute.cpp, the data-movement kinds in KernelsData.cpp; Kernels.cpp
// dispatches. No MLIR/LLVM headers here (Halide brings its own LLVM).
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_KERNELS_H
#define ASR_CODEGEN_HALIDE_KERNELS_H

#include "codegen/halide/KernelDesc.h"

#include <Halide.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asr::kernels {

/// Schedule knobs of one kernel: named integers (tile sizes, vector width,
/// parallel split, ...). Each kind documents its knobs and defaults; unknown
/// names are an error (std::invalid_argument naming the knob and the kind).
/// Every kind accepts "naive" (0/1/2): 1 = the -O0 schedule (everything
/// compute_root, no vectorize/parallel); 2 = the algorithm alone, with no
/// scheduling call at all (what Halide's autoschedulers start from:
/// AutoSchedule.h; JIT-runnable as is, Halide's default schedule: Funcs
/// inlined or computed innermost). The compute kinds and FusedAttention
/// implement 2; the other kinds treat it like 1.
struct Schedule {
  std::map<std::string, int64_t> knobs;
};

struct BuiltKernel {
  Halide::Pipeline pipeline;
  std::vector<Halide::ImageParam> inputs; ///< one per desc.inputs, in order
  /// The inputs in order (outputs are implicit: Pipeline::compile_* appends
  /// them).
  std::vector<Halide::Argument> arguments() const;
};

/// The knob names and default values of a kind (for docs and the autotuner).
std::map<std::string, int64_t> defaultKnobs(const KernelDesc &desc,
                                            const Halide::Target &target);

/// Builds the algorithm for desc and applies its schedule (defaults
/// overridden by `overrides`). Throws std::invalid_argument for descs it
/// cannot build (the message names the kind and why).
BuiltKernel buildKernel(const KernelDesc &desc, const Halide::Target &target,
                        const Schedule *overrides = nullptr);

/// true if the kind is implemented.
bool isSupported(const KernelDesc &desc);

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_KERNELS_H
