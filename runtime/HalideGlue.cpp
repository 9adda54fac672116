//===- HalideGlue.cpp - halide_buffer_t setup and Halide error capture ----===//
//
// halide_error and halide_print are defined here, next to asrc_rt_buffer and
// asrc_rt_kernel_status which every generated model calls: pulling this
// object out of libasrc_runtime.a for those makes its strong halide_error /
// halide_print override the Halide runtime's weak ones in lib<model>.so.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstring>

using namespace asrc_rt;

namespace {

constexpr size_t kMessageSize = sizeof(asrc_rt_call::error);

// Errors reported by pipelines called without a user_context.
thread_local char tlsError[kMessageSize];
thread_local bool tlsErrorSet = false;

/// Copies `msg` into `dst` (kMessageSize bytes), dropping trailing newlines.
void copyMessage(char *dst, const char *msg) {
  if (!msg)
    msg = "";
  size_t n = std::strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
    --n;
  if (n > kMessageSize - 1)
    n = kMessageSize - 1;
  std::memcpy(dst, msg, n);
  dst[n] = '\0';
}

bool halideType(const asrc_dtype &dtype, halide_type_t &t) {
  switch (rawDType(dtype)) {
  case ASRC_F32:
    t = halide_type_t(halide_type_float, 32);
    return true;
  case ASRC_F16:
    t = halide_type_t(halide_type_float, 16);
    return true;
  case ASRC_BF16:
    t = halide_type_t(halide_type_bfloat, 16);
    return true;
  case ASRC_I32:
    t = halide_type_t(halide_type_int, 32);
    return true;
  case ASRC_I64:
    t = halide_type_t(halide_type_int, 64);
    return true;
  default:
    break;
  }
  return false;
}

} // namespace

extern "C" {

// Overrides the Halide runtime's weak halide_error: keeps the first message
// of a call in its asrc_rt_call (several worker threads may fail at once).
void halide_error(void *user_context, const char *msg) {
  if (!user_context) {
    copyMessage(tlsError, msg);
    tlsErrorSet = true;
    return;
  }
  auto *call = static_cast<asrc_rt_call *>(user_context);
  if (__atomic_exchange_n(&call->error_set, 1, __ATOMIC_ACQ_REL) == 0)
    copyMessage(call->error, msg);
}

// Overrides the Halide runtime's weak halide_print: models never print.
void halide_print(void *, const char *) {}

asrc_error *asrc_rt_buffer(halide_buffer_t *buf, halide_dimension_t *dims,
                           void *data, asrc_dtype dtype, int32_t rank,
                           const int64_t *shape, const int64_t *strides) {
  if (!buf)
    return asrc_rt_error(ASRC_INTERNAL, "asrc_rt_buffer: buffer is NULL");
  *buf = halide_buffer_t();
  halide_type_t type;
  if (!halideType(dtype, type))
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_rt_buffer: invalid dtype %d", rawDType(dtype));
  if (rank < 0 || rank > ASRC_MAX_RANK || (rank > 0 && (!dims || !shape)))
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_rt_buffer: bad rank %d or NULL dims/shape",
                         int(rank));
  // Row-major strides (elements), with extent-1 dims given the dense value.
  int64_t st[ASRC_MAX_RANK];
  int64_t dense = 1;
  bool overflow = false;
  for (int32_t i = rank - 1; i >= 0; --i) {
    if (shape[i] < 0) {
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_rt_buffer: shape %s has a negative dim",
                           shapeString(shape, rank).c_str());
    }
    st[i] = (strides && shape[i] > 1) ? strides[i] : dense;
    if (!overflow && __builtin_mul_overflow(dense, shape[i] > 0 ? shape[i] : 1,
                                            &dense))
      overflow = true;
    if (overflow && !(strides && shape[i] > 1))
      st[i] = INT64_MAX; // Reported below if it matters.
  }
  // Bytes spanned.
  int64_t last = 0;
  bool empty = false;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] == 0)
      empty = true;
    if (shape[i] > INT32_MAX || (shape[i] > 1 && (st[i] < 0 || st[i] > INT32_MAX)))
      overflow = true;
    int64_t term;
    if (shape[i] > 1 && (__builtin_mul_overflow(shape[i] - 1, st[i], &term) ||
                         __builtin_add_overflow(last, term, &last)))
      overflow = true;
  }
  int64_t bytes = 0;
  if (!empty && !overflow &&
      (__builtin_add_overflow(last, 1, &last) ||
       __builtin_mul_overflow(last, int64_t(dtypeSize(rawDType(dtype))), &bytes)))
    overflow = true;
  if (overflow || bytes > ASRC_RT_MAX_TENSOR_BYTES)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "tensor of shape %s does not fit the kernels' 32-bit "
                         "extents and strides (at most %lld bytes)",
                         shapeString(shape, rank).c_str(),
                         (long long)ASRC_RT_MAX_TENSOR_BYTES);
  for (int32_t i = 0; i < rank; ++i) {
    halide_dimension_t &d = dims[rank - 1 - i];
    d.min = 0;
    d.extent = int32_t(shape[i]);
    d.stride = st[i] > INT32_MAX ? 0 : int32_t(st[i]);
    d.flags = 0;
  }
  buf->host = static_cast<uint8_t *>(data);
  buf->type = type;
  buf->dimensions = rank;
  buf->dim = rank > 0 ? dims : nullptr;
  return nullptr;
}

asrc_error *asrc_rt_tensor_buffer(halide_buffer_t *buf,
                                  halide_dimension_t *dims,
                                  const asrc_tensor *t) {
  if (!t) {
    if (buf)
      *buf = halide_buffer_t();
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_rt_tensor_buffer: tensor is NULL");
  }
  if (!validDType(t->dtype)) {
    if (buf)
      *buf = halide_buffer_t();
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "asrc_rt_tensor_buffer: invalid dtype %d",
                         rawDType(t->dtype));
  }
  return asrc_rt_buffer(buf, dims, t->data, t->dtype, t->rank, t->shape,
                        asrc_rt_tensor_is_dense(t) ? nullptr : t->strides);
}

asrc_error *asrc_rt_kernel_status(asrc_rt_call *call, const char *entry,
                                  const char *kernel, int halide_result) {
  if (halide_result == 0)
    return nullptr;
  const char *msg = "";
  if (call && __atomic_load_n(&call->error_set, __ATOMIC_ACQUIRE))
    msg = call->error;
  else if (tlsErrorSet)
    msg = tlsError;
  asrc_error *e;
  if (*msg)
    e = asrc_rt_error(ASRC_KERNEL_ERROR, "%s: kernel '%s' failed: %s",
                      entry ? entry : "(entry)", kernel ? kernel : "(kernel)",
                      msg);
  else
    e = asrc_rt_error(ASRC_KERNEL_ERROR,
                      "%s: kernel '%s' failed (Halide error %d)",
                      entry ? entry : "(entry)", kernel ? kernel : "(kernel)",
                      halide_result);
  if (call) {
    call->error[0] = '\0';
    __atomic_store_n(&call->error_set, 0, __ATOMIC_RELEASE);
  }
  tlsError[0] = '\0';
  tlsErrorSet = false;
  return e;
}

} // extern "C"
