//===- DriverEmu.cpp - the CUDA driver API on the CPU emulator ------------===//
//
// libasrc_cuda_emu.so doubles as a stand-in for libcuda.so.1: with
// ASRC_CUDA_DRIVER pointing at it, the runtime (runtime/Cuda.cpp) runs a
// model's CUDA path on the CPU. Device memory is host memory, streams run
// synchronously, and a "module image" is the text "ASRC-EMU:<path>" naming
// the model's device code compiled for the emulator (asrc --cuda-emulation),
// which cuModuleLoadData dlopens. One emulated GPU, "asrc CPU emulator",
// compute capability 9.0.
//
//===----------------------------------------------------------------------===//

#include "Emulator.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>

namespace {
using CUresult = int;
using CUdeviceptr = unsigned long long;
constexpr CUresult kSuccess = 0, kInvalidValue = 1, kOutOfMemory = 2, kInvalidImage = 200,
                   kNotFound = 500, kLaunchFailed = 719;
int dummyContext, dummyStream;
} // namespace

#define EMU extern "C" __attribute__((visibility("default")))

EMU CUresult cuInit(unsigned) { return kSuccess; }
EMU CUresult cuDeviceGetCount(int *n) {
  *n = 1;
  return kSuccess;
}
EMU CUresult cuDeviceGet(int *d, int ordinal) {
  *d = ordinal;
  return ordinal == 0 ? kSuccess : kInvalidValue;
}
EMU CUresult cuDeviceGetName(char *name, int len, int) {
  std::strncpy(name, "asrc CPU emulator", size_t(len));
  return kSuccess;
}
EMU CUresult cuDeviceGetAttribute(int *v, int attr, int) {
  *v = attr == 75 ? 9 : 0; // compute capability 9.0
  return kSuccess;
}
EMU CUresult cuDevicePrimaryCtxRetain(void **ctx, int) {
  *ctx = &dummyContext;
  return kSuccess;
}
EMU CUresult cuDevicePrimaryCtxRelease_v2(int) { return kSuccess; }
EMU CUresult cuCtxPushCurrent_v2(void *) { return kSuccess; }
EMU CUresult cuCtxPopCurrent_v2(void **ctx) {
  if (ctx)
    *ctx = &dummyContext;
  return kSuccess;
}
EMU CUresult cuModuleLoadData(void **module, const void *image) {
  const char *text = static_cast<const char *>(image);
  if (std::strncmp(text, "ASRC-EMU:", 9) != 0)
    return kInvalidImage; // a real fatbin: the emulator cannot run it
  void *h = dlopen(text + 9, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return kInvalidImage;
  *module = h;
  return kSuccess;
}
EMU CUresult cuModuleUnload(void *module) {
  dlclose(module);
  return kSuccess;
}
EMU CUresult cuModuleGetFunction(void **fn, void *module, const char *name) {
  *fn = dlsym(module, name);
  return *fn ? kSuccess : kNotFound;
}
EMU CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) {
  void *m = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!m)
    return kOutOfMemory;
  std::memset(m, 0xA5, bytes); // device memory is not zeroed: make that visible
  *p = reinterpret_cast<CUdeviceptr>(m);
  return kSuccess;
}
EMU CUresult cuMemFree_v2(CUdeviceptr p) {
  std::free(reinterpret_cast<void *>(p));
  return kSuccess;
}
EMU CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t n) {
  std::memcpy(reinterpret_cast<void *>(dst), src, n);
  return kSuccess;
}
EMU CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t n, void *) {
  return cuMemcpyHtoD_v2(dst, src, n);
}
EMU CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t n, void *) {
  std::memcpy(dst, reinterpret_cast<const void *>(src), n);
  return kSuccess;
}
EMU CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, void *) {
  std::memmove(reinterpret_cast<void *>(dst), reinterpret_cast<const void *>(src), n);
  return kSuccess;
}
EMU CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char v, size_t n, void *) {
  std::memset(reinterpret_cast<void *>(dst), v, n);
  return kSuccess;
}
EMU CUresult cuStreamCreate(void **stream, unsigned) {
  *stream = &dummyStream;
  return kSuccess;
}
EMU CUresult cuStreamDestroy_v2(void *) { return kSuccess; }
EMU CUresult cuStreamSynchronize(void *) { return kSuccess; }
EMU CUresult cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                            unsigned by, unsigned bz, unsigned, void *, void **params,
                            void **) {
  const uint32_t grid[3] = {gx, gy, gz}, block[3] = {bx, by, bz};
  std::string error;
  bool ok = asrc_emu::launch(reinterpret_cast<asrc_emu::KernelFn>(fn),
                             *static_cast<const asrc_cu_args *>(params[0]), grid, block, error);
  return ok ? kSuccess : kLaunchFailed;
}
EMU CUresult cuGetErrorName(CUresult r, const char **name) {
  *name = r == kSuccess ? "CUDA_SUCCESS" : r == kOutOfMemory ? "CUDA_ERROR_OUT_OF_MEMORY"
          : r == kInvalidImage ? "CUDA_ERROR_INVALID_IMAGE" : r == kNotFound ? "CUDA_ERROR_NOT_FOUND"
          : r == kLaunchFailed ? "CUDA_ERROR_LAUNCH_FAILED" : "CUDA_ERROR_INVALID_VALUE";
  return kSuccess;
}
EMU CUresult cuGetErrorString(CUresult r, const char **text) {
  *text = r == kInvalidImage ? "the emulator runs only ASRC-EMU: images (asrc --cuda-emulation)"
                             : "emulated driver error";
  return kSuccess;
}
