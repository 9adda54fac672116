//===- Emulator.h - run generated CUDA kernels on the CPU -------*- C++ -*-===//
//
// For tests on machines without a GPU. Kernels compiled from asrc's .cu
// with the host compiler and asrc_cuda_emu.h run here: blocks spread over
// a few OS threads, the threads of a block as fibers (ucontext) on one OS
// thread, switched at every __syncthreads() and warp shuffle. Block-level
// semantics (barriers, shared memory, warp shuffles called by the whole
// block) are exact; timing is not meaningful.
//
//===----------------------------------------------------------------------===//
#ifndef ASRC_TEST_CUDA_EMU_EMULATOR_H
#define ASRC_TEST_CUDA_EMU_EMULATOR_H

#include "asrc_cuda.h"

#include <string>

namespace asrc_emu {

using KernelFn = void (*)(asrc_cu_args);

/// Runs `fn` over grid x block. Blocks run on up to `workers` OS threads
/// (0: the hardware's). Returns false with `error` set for an invalid launch
/// (an empty grid is fine: nothing runs).
bool launch(KernelFn fn, const asrc_cu_args &args, const uint32_t grid[3],
            const uint32_t block[3], std::string &error, int workers = 0);

/// Runs a kernel's plan and its launches the way runtime/Cuda.cpp does:
/// looks each step's kernel up with `lookup`, gives the steps one zeroed
/// scratch buffer of plan.scratch_bytes. `gridCap` (x, y, z; for tests of
/// grid-stride loops) caps every launch's grid below what the plan asks.
bool runPlan(asrc_cu_plan_fn plan, asrc_cu_args args, KernelFn (*lookup)(const char *, void *),
             void *lookupContext, std::string &error, const uint32_t *gridCap = nullptr);

} // namespace asrc_emu

#endif // ASRC_TEST_CUDA_EMU_EMULATOR_H
