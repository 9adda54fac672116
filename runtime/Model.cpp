//===- Model.cpp - model creation, weights binding, workspace arena -------===//
//
// A model maps its safetensors file read-only, validates the header with the
// strict reader shared with the frontend, and binds each weight the
// generated code asks for: in place when 64-byte aligned, else copied.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "frontend/Safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// Present only when the Halide runtime is linked into the same image.
extern "C" int halide_set_num_threads(int n) __attribute__((weak));

using namespace asrc_rt;

namespace {

bool toSafetensorsDType(const asrc_dtype &dtype, asr::DType &out) {
  switch (rawDType(dtype)) {
  case ASRC_F32:
    out = asr::DType::F32;
    return true;
  case ASRC_F16:
    out = asr::DType::F16;
    return true;
  case ASRC_BF16:
    out = asr::DType::BF16;
    return true;
  case ASRC_I32:
    out = asr::DType::I32;
    return true;
  case ASRC_I64:
    out = asr::DType::I64;
    return true;
  default:
    break;
  }
  return false;
}

struct ModelDeleter {
  void operator()(asrc_model *m) const { asrc_model_destroy(m); }
};
using ModelPtr = std::unique_ptr<asrc_model, ModelDeleter>;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

/// Checks the specs themselves (generated code, so failures are bugs, but
/// they must not crash).
asrc_error *checkSpecs(const char *model, const asrc_rt_weight_spec *weights,
                       size_t num) {
  if (num > 0 && !weights)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %zu weights expected but the spec list is NULL",
                         model, num);
  for (size_t i = 0; i < num; ++i) {
    const asrc_rt_weight_spec &w = weights[i];
    if (!w.name)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: weight spec %zu has no name", model, i);
    if (!validDType(w.dtype))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: weight '%s' has an invalid dtype %d", model,
                           w.name, rawDType(w.dtype));
    if (w.rank < 0 || w.rank > ASRC_MAX_RANK)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: weight '%s' has rank %d (expected 0..%d)",
                           model, w.name, int(w.rank), ASRC_MAX_RANK);
    for (int32_t d = 0; d < w.rank; ++d)
      if (w.shape[d] < 0)
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "%s: weight '%s' has a negative dim in shape %s",
                             model, w.name,
                             shapeString(w.shape, w.rank).c_str());
  }
  return nullptr;
}

/// Maps the file and binds the weights into `m`.
asrc_error *bindWeights(asrc_model *m, const asrc_rt_weight_spec *weights,
                        size_t num, const char *path) {
  const char *model = m->name.c_str();
  Fd f;
  f.fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (f.fd < 0)
    return asrc_rt_error(ASRC_IO_ERROR,
                         "%s: cannot open weights file '%s': %s", model, path,
                         std::strerror(errno));
  struct stat st;
  if (::fstat(f.fd, &st) != 0)
    return asrc_rt_error(ASRC_IO_ERROR, "%s: cannot stat weights file '%s': %s",
                         model, path, std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return asrc_rt_error(ASRC_IO_ERROR,
                         "%s: weights file '%s' is a directory", model, path);
  if (!S_ISREG(st.st_mode))
    return asrc_rt_error(ASRC_IO_ERROR,
                         "%s: weights file '%s' is not a regular file", model,
                         path);
  uint64_t fileSize = uint64_t(st.st_size);
  if (fileSize > SIZE_MAX)
    return asrc_rt_error(ASRC_IO_ERROR, "%s: weights file '%s' is too large",
                         model, path);

  if (fileSize > 0) {
    void *p = ::mmap(nullptr, size_t(fileSize), PROT_READ, MAP_PRIVATE, f.fd, 0);
    if (p == MAP_FAILED)
      return asrc_rt_error(ASRC_IO_ERROR,
                           "%s: cannot map weights file '%s': %s", model, path,
                           std::strerror(errno));
    m->map = p;
    m->mapSize = size_t(fileSize);
  }
  const uint8_t *bytes = static_cast<const uint8_t *>(m->map);

  asr::SafetensorsHeader header;
  std::string err;
  if (!asr::parseSafetensorsHeader(bytes, m->mapSize, fileSize, header, err))
    return asrc_rt_error(ASRC_BAD_WEIGHTS, "%s: weights file '%s': %s", model,
                         path, err.c_str());

  // Check every spec first, so the message can say how many are wrong.
  std::string first;
  size_t problems = 0;
  auto problem = [&](std::string msg) {
    if (problems++ == 0)
      first = std::move(msg);
  };
  std::vector<const asr::TensorInfo *> infos(num, nullptr);
  for (size_t i = 0; i < num; ++i) {
    const asrc_rt_weight_spec &w = weights[i];
    const asr::TensorInfo *t = header.find(w.name);
    if (!t) {
      problem("weight '" + std::string(w.name) + "' is missing (the file has " +
              std::to_string(header.tensors.size()) + " tensors)");
      continue;
    }
    asr::DType want = asr::DType::F32;
    toSafetensorsDType(w.dtype, want);
    if (t->dtype != want) {
      problem("weight '" + std::string(w.name) + "' has dtype " +
              asr::dtypeName(t->dtype) + ", expected " + asr::dtypeName(want));
      continue;
    }
    std::vector<int64_t> shape(w.shape, w.shape + w.rank);
    if (t->shape != shape) {
      problem("weight '" + std::string(w.name) + "' has shape " +
              shapeString(t->shape.data(), int32_t(t->shape.size())) +
              ", expected " + shapeString(w.shape, w.rank));
      continue;
    }
    infos[i] = t;
  }
  if (problems)
    return asrc_rt_error(
        ASRC_BAD_WEIGHTS, "%s: weights file '%s': %s%s", model, path,
        first.c_str(),
        problems > 1
            ? (" (and " + std::to_string(problems - 1) + " more mismatches)")
                  .c_str()
            : "");

  m->weights.assign(num, nullptr);
  m->copies.assign(num, nullptr);
  m->weightBytes.assign(num, 0);
  bool anyZeroCopy = false;
  for (size_t i = 0; i < num; ++i) {
    const asr::TensorInfo *t = infos[i];
    const uint8_t *src = bytes + header.dataOffset + t->begin;
    size_t n = size_t(t->numBytes());
    m->weightBytes[i] = n;
    if (reinterpret_cast<uintptr_t>(src) % kAlign == 0) {
      m->weights[i] = src;
      anyZeroCopy = true;
      continue;
    }
    void *copy = allocAligned(n);
    if (!copy)
      return asrc_rt_error(ASRC_OUT_OF_MEMORY,
                           "%s: out of memory copying weight '%s' (%zu bytes)",
                           model, weights[i].name, n);
    std::memcpy(copy, src, n);
    m->copies[i] = copy;
    m->weights[i] = copy;
  }
  if (!anyZeroCopy && m->map) {
    ::munmap(m->map, m->mapSize);
    m->map = nullptr;
    m->mapSize = 0;
  }
  return nullptr;
}

} // namespace

extern "C" {

asrc_error *asrc_rt_model_create(const char *model_name,
                                 const asrc_rt_weight_spec *weights,
                                 size_t num_weights, const char *weights_path,
                                 const asrc_options *options,
                                 asrc_model **out) {
  if (!out)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: model_create: the output pointer is NULL",
                         model_name ? model_name : "(model)");
  *out = nullptr;
  if (!model_name)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "model_create: the model name is NULL");
  return guarded([&]() -> asrc_error * {
    if (asrc_error *e = checkSpecs(model_name, weights, num_weights))
      return e;
    if (options && options->threads < 0)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: options.threads is %d (expected >= 0, 0 = all "
                           "cores)",
                           model_name, int(options->threads));
    if (!weights_path && num_weights > 0)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: the weights path is NULL", model_name);

    ModelPtr m(new asrc_model());
    m->name = model_name;
    if (options)
      m->options = *options;
    if (weights_path)
      if (asrc_error *e =
              bindWeights(m.get(), weights, num_weights, weights_path))
        return e;
    if (halide_set_num_threads)
      halide_set_num_threads(int(m->options.threads));
    *out = m.release();
    return nullptr;
  });
}

const void *asrc_rt_weight(const asrc_model *model, size_t index) {
  if (!model || index >= model->weights.size())
    return nullptr;
  return model->weights[index];
}

size_t asrc_rt_num_weights(const asrc_model *model) {
  return model ? model->weights.size() : 0;
}

int asrc_rt_weight_zero_copy(const asrc_model *model, size_t index) {
  if (!model || index >= model->weights.size())
    return 0;
  return model->copies[index] == nullptr ? 1 : 0;
}

const char *asrc_rt_model_name(const asrc_model *model) {
  return model ? model->name.c_str() : "";
}

const asrc_options *asrc_rt_model_options(const asrc_model *model) {
  return model ? &model->options : nullptr;
}

ASRC_EXPORT const char *asrc_model_name(const asrc_model *model) {
  return asrc_rt_model_name(model);
}

ASRC_EXPORT void asrc_rt_model_set_info(asrc_model *model, const char *info) {
  if (model)
    model->info = info;
}

ASRC_EXPORT const char *asrc_model_info(const asrc_model *model) {
  return model && model->info ? model->info : "{}";
}

ASRC_EXPORT void asrc_model_destroy(asrc_model *model) {
  if (!model)
    return;
  destroyCuda(model);
  for (ArenaBlock &b : model->arena)
    freeAligned(b.ptr);
  for (void *p : model->copies)
    freeAligned(p);
  if (model->map)
    ::munmap(model->map, model->mapSize);
  delete model;
}

void *asrc_rt_arena_acquire(asrc_model *model, size_t bytes) {
  if (!model)
    return allocAligned(bytes == 0 ? 1 : bytes);
  size_t need = roundBlock(bytes, 4096, kAlign); // arena blocks
  if (need == 0)
    return nullptr;
  try {
    std::lock_guard<std::mutex> lock(model->arenaMutex);
    ArenaBlock *best = nullptr, *smaller = nullptr;
    for (ArenaBlock &b : model->arena) {
      if (b.inUse)
        continue;
      if (b.size >= need) {
        if (!best || b.size < best->size)
          best = &b;
      } else if (!smaller || b.size > smaller->size) {
        smaller = &b;
      }
    }
    if (best) {
      best->inUse = true;
      return best->ptr;
    }
    if (!smaller) // Make room first so a new block cannot fail to be recorded.
      model->arena.reserve(model->arena.size() + 1);
    void *p = allocAligned(need);
    if (!p)
      return nullptr;
    ++model->arenaAllocations;
    if (smaller) { // Grow a free block rather than keep both.
      freeAligned(smaller->ptr);
      smaller->ptr = p;
      smaller->size = need;
      smaller->inUse = true;
      return p;
    }
    model->arena.push_back(ArenaBlock{p, need, true});
    return p;
  } catch (...) { // reserve() out of memory, or a mutex error.
    return nullptr;
  }
}

void asrc_rt_arena_release(asrc_model *model, void *block) {
  if (!block)
    return;
  if (!model) {
    freeAligned(block);
    return;
  }
  std::lock_guard<std::mutex> lock(model->arenaMutex);
  for (ArenaBlock &b : model->arena)
    if (b.ptr == block) {
      b.inUse = false;
      return;
    }
}

asrc_rt_arena_stats asrc_rt_arena_get_stats(asrc_model *model) {
  asrc_rt_arena_stats s{};
  if (!model)
    return s;
  std::lock_guard<std::mutex> lock(model->arenaMutex);
  for (const ArenaBlock &b : model->arena) {
    ++s.blocks;
    s.in_use += b.inUse ? 1 : 0;
    s.bytes += b.size;
  }
  s.allocations = model->arenaAllocations;
  return s;
}

} // extern "C"
