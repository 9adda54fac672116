//===- ModelEmitter.h - asr IR -> kernels + entry-point C++ -----*- C++ -*-===//
//
// The MLIR half of CPU code generation. Given a module whose entry points
// hold only kernel-level asr ops with planned workspace slots
// (asr-decompose, asr-infer-shapes, asr-plan-buffers), it produces
//  * the distinct kernels to compile (KernelDescs; equal ops share one),
//  * the C++ source of the entry points: check the inputs, compute every
//    dynamic dim from the input shapes, lay out the arena, call the kernels
//    in order, fill the outputs,
//  * the model's C header <model>.h.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_CPU_MODELEMITTER_H
#define ASR_CODEGEN_CPU_MODELEMITTER_H

#include "codegen/halide/KernelDesc.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace asr {

struct KernelInstance {
  kernels::KernelDesc desc;
  std::string function; ///< the exported symbol, e.g. "asrk_tiny_3_matmul"
  std::string location; ///< where the first op using it came from (for messages)
};

struct EmittedModel {
  std::string name;
  std::string source; ///< C++ of the entry points and create/destroy
  std::string header; ///< the public <model>.h
  std::vector<KernelInstance> kernels;     ///< Halide kernels (host)
  std::vector<KernelInstance> cudaKernels; ///< CUDA kernels (codegen/cuda), "asrkc_..."
};

/// Which code the entry points get. With both, each entry point has a host
/// and a CUDA body and runs the one of the device the model was created on
/// (asrc_options::device); with CUDA, <model>_create loads the fatbin image
/// `asrc_cuda_image_<model>` the driver links in, and the CUDA kernels' plan
/// functions (`<kernel>_plan`) must be linked too.
struct EmitOptions {
  bool host = true;
  bool cuda = false;
};

/// Emits `module`; reports unsupported ops at their location and fails.
mlir::LogicalResult emitModel(mlir::ModuleOp module, EmittedModel &out,
                              const EmitOptions &options = {});

} // namespace asr

#endif // ASR_CODEGEN_CPU_MODELEMITTER_H
