//===- CudaTestUtil.h - run CUDA kernels on the CPU emulator ----*- C++ -*-===//
//
// Shared by the asr-cuda-tests files: host tensors, the CUDA kernel of a
// KernelDesc compiled for the CPU emulator (test/cuda-emu) and run, the
// Halide kernel of the same desc as a reference (JIT, naive schedule;
// asr-halide-tests checks those against plain loops), and comparisons.
//
//===----------------------------------------------------------------------===//
#ifndef ASRC_TEST_UNIT_CUDATESTUTIL_H
#define ASRC_TEST_UNIT_CUDATESTUTIL_H

#include "asrc_cuda.h"
#include "codegen/halide/KernelDesc.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace cudatest {

using asr::kernels::ElemType;
using asr::kernels::KernelDesc;
using asr::kernels::KernelKind;
using asr::kernels::TensorDesc;
using Shape = std::vector<int64_t>;

int64_t numel(const Shape &s);

/// A dense row-major tensor in host memory (on the emulator, device memory
/// is host memory).
struct HostTensor {
  ElemType type = ElemType::F32;
  Shape dims;
  std::vector<unsigned char> bytes;

  HostTensor() = default;
  HostTensor(ElemType type, Shape dims);
  int64_t size() const { return numel(dims); }
  void *data() { return bytes.data(); }
  const void *data() const { return bytes.data(); }
  /// Element i as double (any dtype; f16/bf16 decoded).
  double get(int64_t i) const;
  /// Sets element i (converted to the dtype).
  void set(int64_t i, double v);
};

/// Uniform floats in [lo, hi) (f32/f16/bf16) or integers in [lo, hi].
HostTensor randomTensor(ElemType type, Shape dims, std::mt19937 &rng, double lo = -1,
                        double hi = 1);
/// Every element NaN (floats) or -7 (ints): shows elements a kernel missed.
HostTensor poisoned(ElemType type, Shape dims);
/// A tensor from values.
HostTensor fromValues(ElemType type, Shape dims, const std::vector<double> &values);

/// Compiles the CUDA kernel of `desc` for the emulator (cached per key) and
/// runs its plan on `inputs`; `outputs` come in with their dims (and any
/// contents the kernel should keep) and leave with the results. `scalars`
/// go to asrc_cu_args::scalars. Fails the current test (ADD_FAILURE) and
/// returns false if the kernel cannot be emitted, compiled or launched.
bool runCuda(const KernelDesc &desc, const std::vector<HostTensor> &inputs,
             std::vector<HostTensor> &outputs, const std::vector<int64_t> &scalars = {});

/// A tensor argument over host memory: dims with element strides (dense
/// when `strides` is empty).
asrc_cu_tensor cuTensor(const void *data, ElemType type, const Shape &dims,
                        const Shape &strides = {});
asrc_cu_tensor cuTensor(const HostTensor &t);

/// Compiles `source` (the device prelude, kernels and plans) for the
/// emulator into `base`.so and loads it; nullptr, with a test failure naming
/// `what` and the compiler's messages, on error. With ASRC_CUDA_TEST_NVCC
/// set, nvcc (sm_80) must accept the same file.
void *loadEmulated(const std::string &source, const std::string &base, const std::string &what);

/// Runs kernel `name` of a module loadEmulated returned on `args`: its plan,
/// then its launches, each grid capped at `gridCap` (x, y, z) when given.
bool runLoaded(void *module, const std::string &name, const asrc_cu_args &args,
               const uint32_t *gridCap = nullptr);

/// A fresh directory for a test's generated files, removed at exit unless
/// ASRC_KEEP_CUDA_TEST_FILES is set.
const std::string &testFileDir();

/// The Halide kernel of `desc` (JIT, naive schedule) on the same tensors.
void runHalide(const KernelDesc &desc, const std::vector<HostTensor> &inputs,
               std::vector<HostTensor> &outputs);

/// EXPECTs |got - want| <= atol + rtol * |want| elementwise (NaN == NaN),
/// reporting the worst element; dims must agree.
void expectClose(const HostTensor &got, const HostTensor &want, const std::string &what,
                 double rtol = 1e-4, double atol = 1e-5);

/// The whole differential check: random inputs of the desc's shapes with
/// dynamic dims (-1) bound from `inputDims`, outputs of `outputDims`, run
/// both backends and compare every output. `ints` gives integer inputs
/// their value range [lo, hi] by input index (default [0, 3]).
void checkAgainstHalide(const KernelDesc &desc, const std::vector<Shape> &inputDims,
                        const std::vector<Shape> &outputDims, uint32_t seed = 1,
                        double rtol = 1e-4, double atol = 1e-5,
                        const std::vector<std::pair<int64_t, int64_t>> &intRanges = {});

/// The CUDA source emitted for desc (device code then plan), for tests that
/// look at its structure.
std::string cudaSource(const KernelDesc &desc, const std::string &name = "asrk_test");

} // namespace cudatest

#endif // ASRC_TEST_UNIT_CUDATESTUTIL_H
