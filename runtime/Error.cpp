//===- Error.cpp - asrc_error objects, dtype names, version ---------------===//

#include "Internal.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

struct asrc_error {
  asrc_code code;
  char *message; // malloc'ed, NUL-terminated
};

namespace {
// Returned when even the error cannot be allocated; never freed.
char kOutOfMemoryText[] = "out of memory (while reporting an error)";
asrc_error kOutOfMemory = {ASRC_OUT_OF_MEMORY, kOutOfMemoryText};

asrc_error *makeError(asrc_code code, char *message) {
  if (!message)
    return &kOutOfMemory;
  auto *e = static_cast<asrc_error *>(std::malloc(sizeof(asrc_error)));
  if (!e) {
    std::free(message);
    return &kOutOfMemory;
  }
  e->code = code == ASRC_OK ? ASRC_INTERNAL : code;
  e->message = message;
  return e;
}

char *vformat(const char *fmt, va_list args) {
  if (!fmt)
    fmt = "(no message)";
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n < 0)
    n = 0;
  char *s = static_cast<char *>(std::malloc(size_t(n) + 1));
  if (!s)
    return nullptr;
  std::vsnprintf(s, size_t(n) + 1, fmt, args);
  s[n] = '\0';
  return s;
}
} // namespace

extern "C" {

asrc_error *asrc_rt_errorv(asrc_code code, const char *fmt, va_list args) {
  return makeError(code, vformat(fmt, args));
}

asrc_error *asrc_rt_error(asrc_code code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  asrc_error *e = asrc_rt_errorv(code, fmt, args);
  va_end(args);
  return e;
}

asrc_error *asrc_rt_error_wrap(asrc_error *err, const char *fmt, ...) {
  if (!err || err == &kOutOfMemory)
    return err;
  va_list args;
  va_start(args, fmt);
  char *prefix = vformat(fmt, args);
  va_end(args);
  if (!prefix)
    return err; // Keep the original message rather than lose it.
  size_t a = std::strlen(prefix), b = std::strlen(err->message);
  char *s = static_cast<char *>(std::malloc(a + 2 + b + 1));
  if (s) {
    std::memcpy(s, prefix, a);
    std::memcpy(s + a, ": ", 2);
    std::memcpy(s + a + 2, err->message, b + 1);
    std::free(err->message);
    err->message = s;
  }
  std::free(prefix);
  return err;
}

ASRC_EXPORT asrc_code asrc_error_code(const asrc_error *error) {
  return error ? error->code : ASRC_OK;
}

ASRC_EXPORT const char *asrc_error_message(const asrc_error *error) {
  return error ? error->message : "";
}

ASRC_EXPORT void asrc_error_free(asrc_error *error) {
  if (!error || error == &kOutOfMemory)
    return;
  std::free(error->message);
  std::free(error);
}

const char *asrc_rt_dtype_name(asrc_dtype dtype) {
  return asrc_rt::dtypeName(asrc_rt::rawDType(dtype));
}

size_t asrc_rt_dtype_size(asrc_dtype dtype) {
  return asrc_rt::dtypeSize(asrc_rt::rawDType(dtype));
}

#define ASRC_STR2(x) #x
#define ASRC_STR(x) ASRC_STR2(x)
ASRC_EXPORT const char *asrc_version(void) {
  return ASRC_STR(ASRC_VERSION_MAJOR) "." ASRC_STR(
      ASRC_VERSION_MINOR) "." ASRC_STR(ASRC_VERSION_PATCH);
}

} // extern "C"

namespace asrc_rt {

void *allocAligned(size_t bytes) {
  if (bytes > SIZE_MAX - kAlign)
    return nullptr;
  size_t size = (bytes + kAlign - 1) / kAlign * kAlign;
  if (size == 0)
    size = kAlign;
  return std::aligned_alloc(kAlign, size);
}

void freeAligned(void *p) { std::free(p); }

size_t roundBlock(size_t bytes, size_t smallLimit, size_t granule) {
  if (bytes == 0)
    bytes = 1;
  if (bytes <= smallLimit)
    return (bytes + granule - 1) / granule * granule;
  size_t p = size_t(1) << (63 - __builtin_clzll(uint64_t(bytes)));
  size_t g = p / 8;
  if (bytes > SIZE_MAX - g)
    return 0;
  return (bytes + g - 1) / g * g;
}

std::string shapeString(const int64_t *shape, int32_t rank) {
  std::string s = "[";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

const char *dtypeName(int dtype) {
  switch (dtype) {
  case ASRC_F32:
    return "f32";
  case ASRC_F16:
    return "f16";
  case ASRC_BF16:
    return "bf16";
  case ASRC_I32:
    return "i32";
  case ASRC_I64:
    return "i64";
  default:
    break;
  }
  static thread_local char buf[32];
  std::snprintf(buf, sizeof(buf), "dtype(%d)", dtype);
  return buf;
}

size_t dtypeSize(int dtype) {
  switch (dtype) {
  case ASRC_F32:
  case ASRC_I32:
    return 4;
  case ASRC_F16:
  case ASRC_BF16:
    return 2;
  case ASRC_I64:
    return 8;
  default:
    break;
  }
  return 0;
}

} // namespace asrc_rt
