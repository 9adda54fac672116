//===- CudaKernelsDataTest.cpp - CUDA data kernels on the CPU emulator ----===//

#include "CudaTestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cudatest;

namespace {

KernelDesc unary(KernelKind kind, const std::string &fn, Shape dims) {
  KernelDesc d;
  d.kind = kind;
  d.fn = fn;
  d.inputs = {{ElemType::F32, dims}};
  d.outputs = {{ElemType::F32, dims}};
  return d;
}

TEST(CudaData, UnaryMatchesHalide) {
  for (const char *fn : {"relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "silu", "exp", "neg"})
    checkAgainstHalide(unary(KernelKind::Unary, fn, {3, -1, 5}), {{3, 70, 5}}, {{3, 70, 5}});
}

TEST(CudaData, ScaleMatchesLoop) {
  KernelDesc d = unary(KernelKind::Scale, "", {1000});
  d.floats["factor"] = 0.125;
  std::mt19937 rng(3);
  std::vector<HostTensor> in = {randomTensor(ElemType::F32, {1000}, rng)};
  std::vector<HostTensor> out = {poisoned(ElemType::F32, {1000})};
  ASSERT_TRUE(runCuda(d, in, out));
  HostTensor want(ElemType::F32, {1000});
  for (int64_t i = 0; i < 1000; ++i)
    want.set(i, in[0].get(i) * 0.125);
  expectClose(out[0], want, "scale");
}

} // namespace
