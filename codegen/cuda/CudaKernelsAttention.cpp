//===- CudaKernelsAttention.cpp - CUDA kernels of the attention family ----------------===//

#include "codegen/cuda/CudaKernelsInternal.h"

namespace asr::cuda {

std::string attentionPrelude() { return ""; }

bool emitAttentionKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                    std::string &error) {
  (void)name;
  (void)out;
  error = std::string("no CUDA kernel for ") + kernels::kindName(desc.kind) + " yet";
  return false;
}

} // namespace asr::cuda
