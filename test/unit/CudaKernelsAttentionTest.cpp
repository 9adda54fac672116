//===- CudaKernelsAttentionTest.cpp - CUDA kernels on the CPU emulator ----------===//

#include "CudaTestUtil.h"

#include <gtest/gtest.h>

using namespace cudatest;

namespace {

} // namespace
