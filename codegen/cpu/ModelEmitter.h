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
  std::vector<KernelInstance> kernels;
};

/// Emits `module`; reports unsupported ops at their location and fails.
mlir::LogicalResult emitModel(mlir::ModuleOp module, EmittedModel &out);

} // namespace asr

#endif // ASR_CODEGEN_CPU_MODELEMITTER_H
