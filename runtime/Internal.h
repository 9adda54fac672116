//===- Internal.h - shared between the runtime's source files ---*- C++ -*-===//
//
// Not installed, not included by generated code: the definition of
// asrc_model and small helpers (aligned allocation, shape formatting).
//
//===----------------------------------------------------------------------===//
#ifndef ASRC_RUNTIME_INTERNAL_H
#define ASRC_RUNTIME_INTERNAL_H

#include "asrc_rt.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <vector>

// The runtime is built with -fvisibility=hidden; the public API (asrc.h) is
// exported from every lib<model>.so.
#define ASRC_EXPORT __attribute__((visibility("default")))

namespace asrc_rt {

constexpr size_t kAlign = 64;

/// 64-byte aligned allocation of at least `bytes` (rounded up to 64, at least
/// 64); NULL when out of memory. Release with freeAligned.
void *allocAligned(size_t bytes);
void freeAligned(void *p);

/// Sizes of reusable workspace blocks (the host arena, the CUDA device
/// pool): multiples of `granule` up to `smallLimit`, then rounded up to 1/8
/// of the power of two below (at most 12.5% waste), so that growing shapes
/// reuse blocks. 0 when the size would overflow.
size_t roundBlock(size_t bytes, size_t smallLimit, size_t granule);

/// "[2, 100, 80]".
std::string shapeString(const int64_t *shape, int32_t rank);

/// The integer value of a dtype read from caller memory. C callers may store
/// any int in an asrc_dtype; reading it through memcpy (never as an enum
/// load) keeps out-of-range values defined behaviour in C++.
inline int rawDType(const asrc_dtype &dtype) {
  int v;
  static_assert(sizeof(v) == sizeof(dtype), "asrc_dtype is int-sized");
  std::memcpy(&v, &dtype, sizeof(v));
  return v;
}
/// asrc_rt_dtype_name / asrc_rt_dtype_size on a raw value.
const char *dtypeName(int dtype);
size_t dtypeSize(int dtype);
/// Whether `dtype` is one of asrc_dtype's values.
inline bool validDType(const asrc_dtype &dtype) {
  return dtypeSize(rawDType(dtype)) != 0;
}

/// Calls `f` and turns an escaping exception (std::bad_alloc from a string or
/// vector, mostly) into an error.
template <typename F> asrc_error *guarded(F &&f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return asrc_rt_error(ASRC_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return asrc_rt_error(ASRC_INTERNAL, "internal error: %s", e.what());
  } catch (...) {
    return asrc_rt_error(ASRC_INTERNAL, "internal error: unknown exception");
  }
}

struct ArenaBlock {
  void *ptr = nullptr;
  size_t size = 0;
  bool inUse = false;
};

struct CudaState; // Cuda.cpp
/// Frees the model's CUDA state (device memory, streams, module); no-op
/// without one.
void destroyCuda(asrc_model *model);

} // namespace asrc_rt

struct asrc_model {
  std::string name;
  asrc_options options{};

  // The mapped weights file (nullptr when not mapped).
  void *map = nullptr;
  size_t mapSize = 0;

  std::vector<const void *> weights; // by spec index
  std::vector<void *> copies;        // aligned copies (nullptr: zero-copy)
  std::vector<size_t> weightBytes;   // by spec index

  // Set by asrc_rt_model_set_cuda when the model runs on a GPU (Cuda.cpp).
  asrc_rt::CudaState *cuda = nullptr;
  std::string device = "cpu"; // asrc_model_device

  // Set by the generated <model>_create (asrc_rt_model_set_program).
  const asrc_rt_entry *entries = nullptr;
  size_t numEntries = 0;
  const asrc_rt_decoding *decoding = nullptr;
  const char *info = nullptr; // asrc_model_info (asrc_rt_model_set_info)

  std::mutex arenaMutex;
  std::vector<asrc_rt::ArenaBlock> arena;
  size_t arenaAllocations = 0;
};

#endif // ASRC_RUNTIME_INTERNAL_H
