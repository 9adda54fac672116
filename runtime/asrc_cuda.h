/*===- asrc_cuda.h - the launch ABI between CUDA kernels and the runtime -*- C -*-===*
 *
 * Shared by three parties, so it is plain C with no CUDA header:
 *  * the device code asrc generates (<model>.cu, compiled by nvcc): every
 *    kernel is `extern "C" __global__ void <name>(asrc_cu_args a)`;
 *  * the host code asrc generates (<model>.cpp): one plan function per
 *    kernel, which sizes the launch (grid, block, scratch) from the
 *    arguments' shapes;
 *  * the runtime (runtime/Cuda.cpp), which fills the arguments from the
 *    entry point's buffers, runs the plan and launches each step on the
 *    call's stream.
 *
 * Tensors are row-major with element strides. Kernels read and write dense
 * tensors (strides equal to the dense ones), except where a kind says
 * otherwise (Copy reads its input through the strides).
 *
 *===----------------------------------------------------------------------===*/
#ifndef ASRC_CUDA_H
#define ASRC_CUDA_H

#include <stddef.h>
#include <stdint.h>

#define ASRC_CU_MAX_TENSORS 12
#define ASRC_CU_MAX_RANK 8
#define ASRC_CU_MAX_SCALARS 4
#define ASRC_CU_MAX_STEPS 4

/* One tensor argument: a device pointer and its shape. dtype is an
 * asrc_dtype value (asrc.h): 0 f32, 1 f16, 2 bf16, 3 i32, 4 i64. */
typedef struct asrc_cu_tensor {
  void *data;
  int64_t dims[ASRC_CU_MAX_RANK];    /* row-major: dims[0] outermost */
  int64_t strides[ASRC_CU_MAX_RANK]; /* in elements */
  int32_t rank;
  int32_t dtype;
} asrc_cu_tensor;

/* The single by-value parameter of every kernel (1768 bytes, under CUDA's
 * 4 KiB parameter limit). t[] holds the KernelDesc's inputs, then its
 * outputs, in order. */
typedef struct asrc_cu_args {
  asrc_cu_tensor t[ASRC_CU_MAX_TENSORS];
  int32_t count;                       /* tensors used */
  int32_t pad_;
  int64_t scalars[ASRC_CU_MAX_SCALARS]; /* per-launch integers (RecurrentStep: the time step) */
  void *scratch; /* plan.scratch_bytes of device memory (256-byte aligned), or NULL */
} asrc_cu_args;

/* One kernel launch. `kernel` names the __global__ function (a string
 * literal: the runtime caches the lookup by pointer). */
typedef struct asrc_cu_step {
  const char *kernel;
  uint32_t grid[3];
  uint32_t block[3];
} asrc_cu_step;

/* What one kernel call runs: 1 to ASRC_CU_MAX_STEPS launches, in order, on
 * the same stream, sharing one scratch buffer. num_steps 0: nothing to do. */
typedef struct asrc_cu_plan {
  int32_t num_steps;
  asrc_cu_step steps[ASRC_CU_MAX_STEPS];
  size_t scratch_bytes;
} asrc_cu_plan;

/* Generated per kernel (host code): fills `plan` from `args`' shapes. */
typedef void (*asrc_cu_plan_fn)(const asrc_cu_args *args, asrc_cu_plan *plan);

#endif /* ASRC_CUDA_H */
