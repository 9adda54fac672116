//===- ModelKernels.h - a model's kernels, for asr-tune ---------*- C++ -*-===//
//
// The MLIR half of asr-tune, behind a plain C++ interface so that the tool's
// Halide translation unit never sees MLIR/LLVM headers (Halide brings its
// own LLVM).
//
//===----------------------------------------------------------------------===//
#ifndef ASR_TOOLS_ASR_TUNE_MODELKERNELS_H
#define ASR_TOOLS_ASR_TUNE_MODELKERNELS_H

#include "codegen/halide/KernelDesc.h"

#include <string>
#include <vector>

namespace asr {

struct ModelKernel {
  kernels::KernelDesc desc;
  std::string function; ///< e.g. "asrk_tiny_3_matmul"
  std::string location; ///< the spec node that first uses it
};

/// Lowers `specPath` (weights: `weightsPath`, or the spec's own when empty)
/// the way asrc does and returns its distinct kernels. Diagnostics go to
/// stderr; false when the spec does not lower.
bool modelKernels(const std::string &specPath, const std::string &weightsPath,
                  std::vector<ModelKernel> &kernels);

} // namespace asr

#endif // ASR_TOOLS_ASR_TUNE_MODELKERNELS_H
