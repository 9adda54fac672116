//===- Tensor.cpp - tensor allocation, input checks, output preparation ---===//

#include "Internal.h"

#include <cstring>

using namespace asrc_rt;

namespace {

const char *orEmpty(const char *s) { return s ? s : "(null)"; }

/// "[B, T, 80]" from the expected dims and symbol names.
std::string expectedString(int32_t rank, const int64_t *dims,
                           const char *const *names) {
  std::string s = "[";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    if (dims[i] >= 0)
      s += std::to_string(dims[i]);
    else if (names && names[i])
      s += names[i];
    else
      s += "?";
  }
  return s + "]";
}

/// The dense row-major strides of `shape`, saturated at INT64_MAX (callers
/// may pass unchecked shapes: signed overflow would be undefined).
void denseStrides(const int64_t *shape, int32_t rank, int64_t *strides) {
  int64_t s = 1;
  for (int32_t i = rank - 1; i >= 0; --i) {
    strides[i] = s;
    if (__builtin_mul_overflow(s, shape[i] > 0 ? shape[i] : 1, &s))
      s = INT64_MAX;
  }
}

bool allZero(const int64_t *strides, int32_t rank) {
  for (int32_t i = 0; i < rank; ++i)
    if (strides[i] != 0)
      return false;
  return true;
}

/// Element count with overflow checking; false when it overflows int64.
bool elementCount(const int64_t *shape, int32_t rank, int64_t &n) {
  n = 1;
  for (int32_t i = 0; i < rank; ++i)
    if (__builtin_mul_overflow(n, shape[i], &n))
      return false;
  return true;
}

int findSymbol(const asrc_rt_symbols *s, const char *name) {
  for (int32_t i = 0; i < s->count && i < ASRC_RT_MAX_SYMBOLS; ++i)
    if (s->names[i] && std::strcmp(s->names[i], name) == 0)
      return i;
  return -1;
}

/// Bytes spanned by a view (last element offset + 1, times element size), or
/// -1 if it overflows. Strides of extent-1 dims do not count.
int64_t spanBytes(const int64_t *shape, const int64_t *strides, int32_t rank,
                  size_t elemSize) {
  int64_t last = 0;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] == 0)
      return 0;
    if (shape[i] == 1)
      continue;
    int64_t term;
    if (__builtin_mul_overflow(shape[i] - 1, strides[i], &term) ||
        __builtin_add_overflow(last, term, &last))
      return -1;
  }
  int64_t bytes;
  if (__builtin_add_overflow(last, 1, &last) ||
      __builtin_mul_overflow(last, int64_t(elemSize), &bytes))
    return -1;
  return bytes;
}

} // namespace

extern "C" {

ASRC_EXPORT asrc_error *asrc_tensor_alloc(asrc_dtype dtype, int32_t rank,
                                          const int64_t *shape,
                                          asrc_tensor *out) {
  if (!out)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_tensor_alloc: the output tensor is NULL");
  if (!validDType(dtype))
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_tensor_alloc: invalid dtype %d",
                         rawDType(dtype));
  if (rank < 0 || rank > ASRC_MAX_RANK)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_tensor_alloc: rank %d is outside 0..%d",
                         int(rank), ASRC_MAX_RANK);
  if (rank > 0 && !shape)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_tensor_alloc: the shape is NULL");
  for (int32_t i = 0; i < rank; ++i)
    if (shape[i] < 0)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_tensor_alloc: shape %s has a negative dim",
                           shapeString(shape, rank).c_str());
  int64_t n, bytes;
  if (!elementCount(shape, rank, n) ||
      __builtin_mul_overflow(n, int64_t(dtypeSize(rawDType(dtype))), &bytes) ||
      uint64_t(bytes) > SIZE_MAX)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_tensor_alloc: shape %s is too large",
                         shapeString(shape, rank).c_str());
  void *data = allocAligned(size_t(bytes));
  if (!data)
    return asrc_rt_error(ASRC_OUT_OF_MEMORY,
                         "asrc_tensor_alloc: out of memory allocating %lld "
                         "bytes for shape %s",
                         (long long)bytes, shapeString(shape, rank).c_str());
  std::memset(out, 0, sizeof(*out));
  out->dtype = dtype;
  out->rank = rank;
  for (int32_t i = 0; i < rank; ++i)
    out->shape[i] = shape[i];
  out->data = data;
  return nullptr;
}

ASRC_EXPORT void asrc_tensor_free(asrc_tensor *tensor) {
  if (!tensor)
    return;
  freeAligned(tensor->data);
  tensor->data = nullptr;
}

int asrc_rt_symbol(const asrc_rt_symbols *symbols, const char *name,
                   int64_t *value) {
  if (!symbols || !name)
    return 0;
  int i = findSymbol(symbols, name);
  if (i < 0)
    return 0;
  if (value)
    *value = symbols->values[i];
  return 1;
}

asrc_error *asrc_rt_bind_symbol(asrc_rt_symbols *symbols, const char *entry,
                                const char *name, int64_t value,
                                const char *source) {
  entry = orEmpty(entry);
  if (!symbols || !name)
    return asrc_rt_error(ASRC_INTERNAL, "%s: bind_symbol: NULL argument",
                         entry);
  int i = findSymbol(symbols, name);
  if (i >= 0) {
    if (symbols->values[i] == value)
      return nullptr;
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s = %lld from %s, but %s = %lld from %s", entry,
                         name, (long long)value, orEmpty(source), name,
                         (long long)symbols->values[i],
                         orEmpty(symbols->bound_by[i]));
  }
  if (symbols->count < 0 || symbols->count >= ASRC_RT_MAX_SYMBOLS)
    return asrc_rt_error(ASRC_INTERNAL,
                         "%s: more than %d symbolic dims in one call", entry,
                         ASRC_RT_MAX_SYMBOLS);
  int k = symbols->count++;
  symbols->names[k] = name;
  symbols->values[k] = value;
  symbols->bound_by[k] = source;
  symbols->bound_dim[k] = -1;
  return nullptr;
}

asrc_error *asrc_rt_check_input(const asrc_tensor *t, const char *entry,
                                const char *name, asrc_dtype dtype,
                                int32_t rank, const int64_t *dims,
                                const char *const *dim_names,
                                asrc_rt_symbols *symbols) {
  entry = orEmpty(entry);
  name = orEmpty(name);
  return guarded([&]() -> asrc_error * {
    if (rank < 0 || rank > ASRC_MAX_RANK || (rank > 0 && !dims))
      return asrc_rt_error(ASRC_INTERNAL,
                           "%s: input '%s': bad expected rank %d or dims",
                           entry, name, int(rank));
    std::string expected = expectedString(rank, dims, dim_names);
    if (!t)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' is NULL (expected a %s tensor %s)",
                           entry, name, dtypeName(rawDType(dtype)),
                           expected.c_str());
    if (!t->data)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' has NULL data", entry, name);
    if (t->rank < 0 || t->rank > ASRC_MAX_RANK)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' has rank %d: expected %d %s", entry,
                           name, int(t->rank), int(rank), expected.c_str());
    std::string got = shapeString(t->shape, t->rank);
    if (rawDType(t->dtype) != rawDType(dtype)) {
      std::string got = dtypeName(rawDType(t->dtype));
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' has dtype %s: expected %s", entry,
                           name, got.c_str(), dtypeName(rawDType(dtype)));
    }
    if (t->rank != rank)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' has rank %d (shape %s): expected "
                           "rank %d %s",
                           entry, name, int(t->rank), got.c_str(), int(rank),
                           expected.c_str());
    for (int32_t i = 0; i < rank; ++i)
      if (t->shape[i] < 0)
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "%s: input '%s' has shape %s: dim %d is negative",
                             entry, name, got.c_str(), int(i));
    for (int32_t i = 0; i < rank; ++i)
      if (dims[i] >= 0 && t->shape[i] != dims[i])
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "%s: input '%s' has shape %s: expected %s (dim %d)",
                             entry, name, got.c_str(), expected.c_str(),
                             int(i));

    // Unify symbols on a copy; commit only if the whole tensor passes.
    asrc_rt_symbols local;
    asrc_rt_symbols *syms = nullptr;
    if (symbols) {
      local = *symbols;
      syms = &local;
    }
    for (int32_t i = 0; i < rank; ++i) {
      if (dims[i] >= 0 || !dim_names || !dim_names[i] || !syms)
        continue;
      const char *sym = dim_names[i];
      int k = findSymbol(syms, sym);
      if (k < 0) {
        if (syms->count < 0 || syms->count >= ASRC_RT_MAX_SYMBOLS)
          return asrc_rt_error(ASRC_INTERNAL,
                               "%s: more than %d symbolic dims in one call",
                               entry, ASRC_RT_MAX_SYMBOLS);
        k = syms->count++;
        syms->names[k] = sym;
        syms->values[k] = t->shape[i];
        syms->bound_by[k] = name;
        syms->bound_dim[k] = i;
        continue;
      }
      if (syms->values[k] == t->shape[i])
        continue;
      std::string from;
      if (syms->bound_by[k] && std::strcmp(syms->bound_by[k], name) == 0 &&
          syms->bound_dim[k] >= 0)
        from = "dim " + std::to_string(syms->bound_dim[k]) + " of this input";
      else if (syms->bound_dim[k] >= 0)
        from = "input '" + std::string(orEmpty(syms->bound_by[k])) +
               "' dim " + std::to_string(syms->bound_dim[k]);
      else
        from = orEmpty(syms->bound_by[k]);
      return asrc_rt_error(
          ASRC_INVALID_ARGUMENT,
          "%s: input '%s' has shape %s: expected %s (dim %d: %s = %lld from "
          "%s)",
          entry, name, got.c_str(), expected.c_str(), int(i), sym,
          (long long)syms->values[k], from.c_str());
    }

    // Size first: the dense strides below are products of the dims.
    int64_t n;
    if (!elementCount(t->shape, rank, n))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' has shape %s: too many elements",
                           entry, name, got.c_str());
    // Strides and bytes spanned.
    int64_t strides[ASRC_MAX_RANK];
    bool dense = allZero(t->strides, rank);
    if (dense) {
      denseStrides(t->shape, rank, strides);
    } else {
      for (int32_t i = 0; i < rank; ++i) {
        strides[i] = t->strides[i];
        if (t->shape[i] > 1 && strides[i] < 1)
          return asrc_rt_error(
              ASRC_INVALID_ARGUMENT,
              "%s: input '%s' has strides %s for shape %s: dim %d has "
              "stride %lld (strides must be all 0 for dense row-major, or "
              ">= 1 on every dim of extent > 1)",
              entry, name, shapeString(t->strides, rank).c_str(), got.c_str(),
              int(i), (long long)strides[i]);
        if (t->shape[i] > 1 && strides[i] > INT32_MAX)
          return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                               "%s: input '%s' has stride %lld on dim %d, "
                               "more than the kernels' 32-bit limit",
                               entry, name, (long long)strides[i], int(i));
      }
    }
    int64_t span = spanBytes(t->shape, strides, rank, dtypeSize(rawDType(dtype)));
    if (span < 0 || span > ASRC_RT_MAX_TENSOR_BYTES)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: input '%s' with shape %s spans more than %lld "
                           "bytes, the kernels' limit",
                           entry, name, got.c_str(),
                           (long long)ASRC_RT_MAX_TENSOR_BYTES);
    if (symbols)
      *symbols = local;
    return nullptr;
  });
}

asrc_error *asrc_rt_prepare_output(asrc_tensor *out, const char *entry,
                                   const char *name, asrc_dtype dtype,
                                   int32_t rank, const int64_t *shape) {
  entry = orEmpty(entry);
  name = orEmpty(name);
  return guarded([&]() -> asrc_error * {
    if (rank < 0 || rank > ASRC_MAX_RANK || (rank > 0 && !shape))
      return asrc_rt_error(ASRC_INTERNAL,
                           "%s: output '%s': bad rank %d or shape", entry,
                           name, int(rank));
    std::string expected = shapeString(shape, rank);
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' is NULL (expected a tensor to fill "
                           "or to allocate into)",
                           entry, name);
    for (int32_t i = 0; i < rank; ++i)
      if (shape[i] < 0)
        return asrc_rt_error(ASRC_INTERNAL,
                             "%s: output '%s' would have shape %s", entry, name,
                             expected.c_str());
    int64_t n, bytes;
    if (!elementCount(shape, rank, n) ||
        __builtin_mul_overflow(n, int64_t(dtypeSize(rawDType(dtype))), &bytes) ||
        bytes > ASRC_RT_MAX_TENSOR_BYTES)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' of shape %s would span more than "
                           "%lld bytes, the kernels' limit",
                           entry, name, expected.c_str(),
                           (long long)ASRC_RT_MAX_TENSOR_BYTES);
    if (!out->data) {
      if (asrc_error *e = asrc_tensor_alloc(dtype, rank, shape, out))
        return asrc_rt_error_wrap(e, "%s: output '%s'", entry, name);
      return nullptr;
    }
    if (rawDType(out->dtype) != rawDType(dtype)) {
      std::string got = dtypeName(rawDType(out->dtype));
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' has dtype %s: expected %s", entry,
                           name, got.c_str(), dtypeName(rawDType(dtype)));
    }
    if (out->rank < 0 || out->rank > ASRC_MAX_RANK)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' has rank %d: expected %d %s", entry,
                           name, int(out->rank), int(rank), expected.c_str());
    std::string got = shapeString(out->shape, out->rank);
    if (out->rank != rank)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' has rank %d (shape %s): expected "
                           "rank %d %s",
                           entry, name, int(out->rank), got.c_str(), int(rank),
                           expected.c_str());
    for (int32_t i = 0; i < rank; ++i)
      if (out->shape[i] != shape[i])
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "%s: output '%s' has shape %s: expected %s (dim "
                             "%d)",
                             entry, name, got.c_str(), expected.c_str(),
                             int(i));
    if (!asrc_rt_tensor_is_dense(out)) {
      int64_t want[ASRC_MAX_RANK];
      denseStrides(shape, rank, want);
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: output '%s' has strides %s: outputs must be "
                           "dense row-major (strides all 0 or %s)",
                           entry, name, shapeString(out->strides, rank).c_str(),
                           shapeString(want, rank).c_str());
    }
    return nullptr;
  });
}

int asrc_rt_tensor_is_dense(const asrc_tensor *t) {
  if (!t || t->rank < 0 || t->rank > ASRC_MAX_RANK)
    return 0;
  if (allZero(t->strides, t->rank))
    return 1;
  int64_t want[ASRC_MAX_RANK];
  denseStrides(t->shape, t->rank, want);
  for (int32_t i = 0; i < t->rank; ++i)
    if (t->shape[i] > 1 && t->strides[i] != want[i])
      return 0;
  return 1;
}

int64_t asrc_rt_tensor_elements(const asrc_tensor *t) {
  if (!t || t->rank < 0 || t->rank > ASRC_MAX_RANK)
    return 0;
  int64_t n = 1;
  for (int32_t i = 0; i < t->rank; ++i) {
    if (t->shape[i] < 0)
      return 0;
    n *= t->shape[i];
  }
  return n;
}

void asrc_rt_copy_to_dense(const asrc_tensor *t, void *dst) {
  if (!t || !dst || !t->data)
    return;
  int64_t n = asrc_rt_tensor_elements(t);
  size_t es = dtypeSize(rawDType(t->dtype));
  if (n <= 0 || es == 0)
    return;
  int32_t rank = t->rank;
  if (asrc_rt_tensor_is_dense(t)) {
    std::memcpy(dst, t->data, size_t(n) * es);
    return;
  }
  // Odometer over the outer dims; the innermost dim is a strided row copy.
  const char *src = static_cast<const char *>(t->data);
  char *out = static_cast<char *>(dst);
  int64_t idx[ASRC_MAX_RANK] = {0};
  int64_t inner = rank > 0 ? t->shape[rank - 1] : 1;
  int64_t innerStride = rank > 0 ? t->strides[rank - 1] : 1;
  int64_t rows = n / inner;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t off = 0;
    for (int32_t d = 0; d + 1 < rank; ++d)
      off += idx[d] * t->strides[d];
    const char *row = src + off * int64_t(es);
    if (innerStride == 1 || inner == 1) {
      std::memcpy(out, row, size_t(inner) * es);
    } else {
      for (int64_t k = 0; k < inner; ++k)
        std::memcpy(out + k * int64_t(es), row + k * innerStride * int64_t(es),
                    es);
    }
    out += inner * int64_t(es);
    for (int32_t d = rank - 2; d >= 0; --d) {
      if (++idx[d] < t->shape[d])
        break;
      idx[d] = 0;
    }
  }
}

} // extern "C"
