//===- asrc_cuda_emu.h - compile generated CUDA C++ for the CPU -*- C++ -*-===//
//
// Force-included (`c++ -include asrc_cuda_emu.h -x c++ model.cu`) to build
// the device code asrc emits as an ordinary shared object, so that kernels
// run on machines without a GPU: the CUDA emulator (Emulator.h) runs each
// block's threads as fibers on one OS thread, switching at __syncthreads()
// and warp shuffles. Only the subset of CUDA that codegen/cuda emits is
// defined here (CudaKernelsInternal.h lists its rules: no early return
// before a collective, static __shared__ memory).
//
// __shared__ variables become `static thread_local`: one copy per OS
// thread, and an OS thread runs one block at a time.
//
//===----------------------------------------------------------------------===//
#ifndef ASRC_CUDA_EMU_H
#define ASRC_CUDA_EMU_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

struct dim3 {
  unsigned x = 1, y = 1, z = 1;
};

extern "C" {
// Set by the emulator before it switches to a thread (fiber).
extern thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;
void asrc_emu_syncthreads(void);
// The value `v` of thread (threadIdx.x ^ lane_mask) of the same warp.
float asrc_emu_shfl_xor_f32(float v, int lane_mask);
}

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static thread_local
#define __launch_bounds__(...)
#define __syncthreads() asrc_emu_syncthreads()

inline float __shfl_xor_sync(unsigned, float v, int lane_mask, int = 32) {
  return asrc_emu_shfl_xor_f32(v, lane_mask);
}
inline float __uint_as_float(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline uint32_t __float_as_uint(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float __int_as_float(int i) {
  float f;
  std::memcpy(&f, &i, 4);
  return f;
}
inline float __expf(float x) { return std::exp(x); }
using std::max;
using std::min;
inline int64_t max(int64_t a, int b) { return a > b ? a : (int64_t)b; }
inline int64_t max(int a, int64_t b) { return a > b ? (int64_t)a : b; }
inline int64_t min(int64_t a, int b) { return a < b ? a : (int64_t)b; }
inline int64_t min(int a, int64_t b) { return a < b ? (int64_t)a : b; }

#endif // ASRC_CUDA_EMU_H
