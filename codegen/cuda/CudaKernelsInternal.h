//===- CudaKernelsInternal.h - shared by the CUDA kernel emitters -*- C++ -*-===//
//
// Each kind family lives in its own file (CudaKernelsCompute.cpp,
// CudaKernelsAttention.cpp, CudaKernelsData.cpp); CudaKernels.cpp
// dispatches on KernelDesc::kind. Helpers here write the C++ expressions the
// emitters splice into their kernels.
//
// Conventions every emitter follows (docs/cuda.md has the long form):
//  * kernel arguments: `a.t[i]` is the desc's i-th input, then its outputs;
//    dims come from a.t[i].dims at run time (static extents of the desc may
//    be baked in as constants); tensors are dense unless the kind says
//    otherwise;
//  * no thread returns early before a __syncthreads() or a warp shuffle
//    (guard the work instead): the CPU emulator (test/cuda-emu) runs a block's
//    threads as fibers and requires every collective to be reached by every
//    thread of the block;
//  * shared memory is static (`__shared__ float tile[64][65];`), at most
//    48 KiB per kernel; grid.y and grid.z stay <= 65535;
//  * every float is computed in f32; f16/bf16 are converted on load/store;
//  * helper device functions are `static __device__` and named after the
//    kernel (`<name>_helper`) or live in the family's prelude fragment, so
//    that kernels of one model never define a symbol twice.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_CUDA_CUDAKERNELSINTERNAL_H
#define ASR_CODEGEN_CUDA_CUDAKERNELSINTERNAL_H

#include "codegen/cuda/CudaKernels.h"

#include <cstdint>
#include <string>

namespace asr::cuda {

using kernels::ElemType;
using kernels::KernelDesc;
using kernels::KernelKind;
using kernels::TensorDesc;

/// An emitter of one kind family: fills `out` or sets `error`.
using KindEmitter = bool (*)(const KernelDesc &desc, const std::string &name,
                             CudaKernelSource &out, std::string &error);

// The families. Each returns false with an error for a kind it does not own.
bool emitComputeKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                       std::string &error);
bool emitAttentionKernel(const KernelDesc &desc, const std::string &name,
                         CudaKernelSource &out, std::string &error);
bool emitDataKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                    std::string &error);
/// Device helpers a family shares between its kernels, emitted once per
/// module after the core prelude (may be empty).
std::string computePrelude();
std::string attentionPrelude();
std::string dataPrelude();

/// "float" (f32, f16 and bf16 compute in f32), "int32_t", "int64_t".
const char *computeType(ElemType t);
/// An rvalue of compute type: element `index` of the tensor whose data
/// pointer is the C expression `ptr`, e.g. load(F16, "a.t[0].data", "i").
std::string load(ElemType t, const std::string &ptr, const std::string &index);
/// A statement storing compute-type `value` as element `index` of `ptr`.
std::string store(ElemType t, const std::string &ptr, const std::string &index,
                  const std::string &value);
/// A C literal for a float attribute (exact: hexadecimal), e.g. "0x1p-3f".
std::string floatLiteral(double v);
/// "a.t[i].dims[d]" or the static extent when the desc knows it.
std::string dimExpr(const TensorDesc &t, int tensorIndex, int d);

/// A fixed tile of text with "${name}" placeholders replaced from `vars`
/// (every placeholder must be given; throws std::invalid_argument otherwise).
std::string substitute(const std::string &text,
                       const std::vector<std::pair<std::string, std::string>> &vars);

} // namespace asr::cuda

#endif // ASR_CODEGEN_CUDA_CUDAKERNELSINTERNAL_H
