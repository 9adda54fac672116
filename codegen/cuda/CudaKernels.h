//===- CudaKernels.h - KernelDesc -> CUDA C++ -------------------*- C++ -*-===//
//
// The CUDA half of code generation: each kernel-level asr op, as the same
// KernelDesc the Halide backend compiles (codegen/halide/KernelDesc.h),
// becomes readable CUDA C++:
//  * device code: one or more `ASRC_KERNEL void <name>[_<n>](asrc_cu_args a)`
//    (ASRC_KERNEL is `extern "C" __global__`), reading the tensors of
//    runtime/asrc_cuda.h;
//  * a host plan function `extern "C" void <name>_plan(const asrc_cu_args *,
//    asrc_cu_plan *)` that sizes the launches (grid, block, scratch) from the
//    shapes at run time.
// Plain C++: no MLIR, no Halide, no CUDA headers. The device code is
// compiled by nvcc (tools/asrc) or, for tests on machines without a GPU, by
// the host compiler against test/cuda-emu/asrc_cuda_emu.h.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_CUDA_CUDAKERNELS_H
#define ASR_CODEGEN_CUDA_CUDAKERNELS_H

#include "codegen/halide/KernelDesc.h"

#include <string>
#include <vector>

namespace asr::cuda {

struct CudaKernelSource {
  std::string device; ///< the __global__ functions (and their helpers)
  std::string plan;   ///< the host plan function
};

/// One kernel of a model: what to compute, its symbol, and where it came
/// from (the op's location, written in a comment above the kernel).
struct CudaKernelRequest {
  const kernels::KernelDesc *desc;
  std::string name;
  std::string location;
};

/// Emits `desc` as kernel `name`. Returns false with `error` set when the
/// kind (or this instance of it) has no CUDA kernel.
bool emitKernel(const kernels::KernelDesc &desc, const std::string &name,
                CudaKernelSource &out, std::string &error);

/// A whole translation unit for nvcc: the shared device helpers, then every
/// kernel with "// <op> at <location>" and its KernelDesc key above it.
/// `plans` receives the host plan functions (for the model's C++). False
/// with `error` naming the kernel when one cannot be emitted.
bool emitModule(const std::string &modelName, const std::vector<CudaKernelRequest> &kernels,
                std::string &device, std::string &plans, std::string &error);

/// The device helpers every generated .cu starts with (after
/// `#include "asrc_cuda.h"`): element loads/stores for f32/f16/bf16/i32/i64,
/// warp and block reductions, activation functions.
std::string devicePrelude();

} // namespace asr::cuda

#endif // ASR_CODEGEN_CUDA_CUDAKERNELS_H
