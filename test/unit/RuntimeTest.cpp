//===- RuntimeTest.cpp - Unit tests for the model runtime (asrc_rt.h) -----===//
//
// Errors, models over safetensors files written here (zero-copy and copied
// weights, every way the file can be wrong), input checks and symbol
// unification, outputs, the workspace arena under 8 threads, the Halide glue,
// and the LSTM/GRU recurrences and cells against straightforward double
// precision references written here (not the runtime's code).
//
//===----------------------------------------------------------------------===//

#include "asrc_rt.h"
#include "RuntimeTestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Owns an error; prints its message on failure.
struct Err {
  asrc_error *e;
  Err(asrc_error *e) : e(e) {}
  ~Err() { asrc_error_free(e); }
  Err(const Err &) = delete;
  asrc_code code() const { return asrc_error_code(e); }
  std::string msg() const { return asrc_error_message(e); }
  bool ok() const { return e == nullptr; }
};

#define EXPECT_OK(expr)                                                        \
  do {                                                                         \
    Err err_(expr);                                                            \
    EXPECT_TRUE(err_.ok()) << err_.msg();                                      \
  } while (0)

/// Expects `expr` to fail with `code` and a message containing `text`.
#define EXPECT_ERR(expr, code_, text)                                          \
  do {                                                                         \
    Err err_(expr);                                                            \
    ASSERT_FALSE(err_.ok()) << "expected an error containing: " << (text);     \
    EXPECT_EQ(err_.code(), (code_)) << err_.msg();                             \
    EXPECT_NE(err_.msg().find(text), std::string::npos)                        \
        << "message: " << err_.msg() << "\nexpected to contain: " << (text);   \
  } while (0)

struct ModelHolder {
  asrc_model *m = nullptr;
  ~ModelHolder() { asrc_model_destroy(m); }
};

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "asrc_runtime_test_" + std::to_string(getpid()) +
         "_" + name;
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream os(path, std::ios::binary | std::ios::trunc);
  os.write(bytes.data(), std::streamsize(bytes.size()));
}

struct StTensor {
  std::string name, dtype;
  std::vector<int64_t> shape;
  uint64_t begin;     // offset in the data section
  std::string bytes;  // raw data
};

/// A safetensors file whose data section starts at a multiple of 64 in the
/// file (the header is padded with spaces), with each tensor at its `begin`.
std::string makeSafetensors(const std::vector<StTensor> &ts) {
  std::string json = "{";
  uint64_t dataSize = 0;
  for (size_t i = 0; i < ts.size(); ++i) {
    const StTensor &t = ts[i];
    if (i)
      json += ",";
    json += "\"" + t.name + "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":[";
    for (size_t d = 0; d < t.shape.size(); ++d)
      json += (d ? "," : "") + std::to_string(t.shape[d]);
    json += "],\"data_offsets\":[" + std::to_string(t.begin) + "," +
            std::to_string(t.begin + t.bytes.size()) + "]}";
    dataSize = std::max<uint64_t>(dataSize, t.begin + t.bytes.size());
  }
  json += "}";
  while ((8 + json.size()) % 64 != 0)
    json += ' ';
  std::string file(8, '\0');
  for (int i = 0; i < 8; ++i)
    file[i] = char((uint64_t(json.size()) >> (8 * i)) & 0xFF);
  file += json;
  std::string data(dataSize, '\0');
  for (const StTensor &t : ts)
    std::memcpy(&data[t.begin], t.bytes.data(), t.bytes.size());
  return file + data;
}

template <typename T> std::string rawBytes(const std::vector<T> &v) {
  return std::string(reinterpret_cast<const char *>(v.data()),
                     v.size() * sizeof(T));
}

asrc_rt_weight_spec spec(const char *name, asrc_dtype dtype,
                         std::vector<int64_t> shape) {
  asrc_rt_weight_spec s{};
  s.name = name;
  s.dtype = dtype;
  s.rank = int32_t(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    s.shape[i] = shape[i];
  return s;
}

asrc_tensor tensor(asrc_dtype dtype, std::vector<int64_t> shape, void *data,
                   std::vector<int64_t> strides = {}) {
  asrc_tensor t{};
  t.dtype = dtype;
  t.rank = int32_t(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    t.shape[i] = shape[i];
  for (size_t i = 0; i < strides.size(); ++i)
    t.strides[i] = strides[i];
  t.data = data;
  return t;
}

std::vector<float> randomFloats(size_t n, uint32_t seed, float scale = 0.5f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

//===----------------------------------------------------------------------===//
// Errors and version
//===----------------------------------------------------------------------===//

TEST(RuntimeError, CodesAndMessages) {
  Err e(asrc_rt_error(ASRC_BAD_WEIGHTS, "weight '%s' has %d dims", "w", 3));
  EXPECT_EQ(e.code(), ASRC_BAD_WEIGHTS);
  EXPECT_EQ(e.msg(), "weight 'w' has 3 dims");

  Err ok(asrc_rt_error(ASRC_OK, "not really ok"));
  EXPECT_EQ(ok.code(), ASRC_INTERNAL) << "an error is never ASRC_OK";

  std::string big(5000, 'x');
  Err longMsg(asrc_rt_error(ASRC_INTERNAL, "%s!", big.c_str()));
  EXPECT_EQ(longMsg.msg(), big + "!") << "messages are never truncated";

  // NULL is success.
  EXPECT_EQ(asrc_error_code(nullptr), ASRC_OK);
  EXPECT_STREQ(asrc_error_message(nullptr), "");
  asrc_error_free(nullptr);
}

TEST(RuntimeError, Wrap) {
  Err e(asrc_rt_error_wrap(asrc_rt_error(ASRC_IO_ERROR, "inner"), "outer %d", 7));
  EXPECT_EQ(e.code(), ASRC_IO_ERROR);
  EXPECT_EQ(e.msg(), "outer 7: inner");
  EXPECT_EQ(asrc_rt_error_wrap(nullptr, "x"), nullptr);
}

TEST(RuntimeError, DTypeNames) {
  EXPECT_STREQ(asrc_rt_dtype_name(ASRC_F32), "f32");
  EXPECT_STREQ(asrc_rt_dtype_name(ASRC_BF16), "bf16");
  EXPECT_STREQ(asrc_rt_dtype_name(ASRC_I64), "i64");
  EXPECT_STREQ(asrc_rt_dtype_name(asrc_dtype(42)), "dtype(42)");
  EXPECT_EQ(asrc_rt_dtype_size(ASRC_F16), 2u);
  EXPECT_EQ(asrc_rt_dtype_size(ASRC_I64), 8u);
  EXPECT_EQ(asrc_rt_dtype_size(asrc_dtype(-1)), 0u);
}

TEST(RuntimeVersion, MatchesMacros) {
  std::string want = std::to_string(ASRC_VERSION_MAJOR) + "." +
                     std::to_string(ASRC_VERSION_MINOR) + "." +
                     std::to_string(ASRC_VERSION_PATCH);
  EXPECT_EQ(std::string(asrc_version()), want);
  EXPECT_STREQ(asrc_version(), "0.1.0");
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

TEST(RuntimeTensor, AllocAndFree) {
  int64_t shape[] = {3, 5, 7};
  asrc_tensor t;
  std::memset(&t, 0x5a, sizeof(t));
  EXPECT_OK(asrc_tensor_alloc(ASRC_F32, 3, shape, &t));
  ASSERT_NE(t.data, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data) % 64, 0u);
  EXPECT_EQ(t.dtype, ASRC_F32);
  EXPECT_EQ(t.rank, 3);
  EXPECT_EQ(t.shape[2], 7);
  for (int i = 0; i < ASRC_MAX_RANK; ++i)
    EXPECT_EQ(t.strides[i], 0);
  std::memset(t.data, 1, 3 * 5 * 7 * 4); // writable
  asrc_tensor_free(&t);
  EXPECT_EQ(t.data, nullptr);
  asrc_tensor_free(&t); // twice is fine
  asrc_tensor_free(nullptr);

  // Scalars and empty tensors get real (non-NULL) storage.
  EXPECT_OK(asrc_tensor_alloc(ASRC_I64, 0, nullptr, &t));
  EXPECT_NE(t.data, nullptr);
  asrc_tensor_free(&t);
  int64_t empty[] = {0, 4};
  EXPECT_OK(asrc_tensor_alloc(ASRC_F16, 2, empty, &t));
  EXPECT_NE(t.data, nullptr);
  asrc_tensor_free(&t);
}

TEST(RuntimeTensor, AllocErrors) {
  int64_t shape[] = {2, -1};
  int64_t huge[] = {INT64_MAX / 2, 4};
  asrc_tensor t{};
  EXPECT_ERR(asrc_tensor_alloc(ASRC_F32, 2, shape, nullptr),
             ASRC_INVALID_ARGUMENT, "output tensor is NULL");
  EXPECT_ERR(asrc_tensor_alloc(ASRC_F32, 2, shape, &t), ASRC_INVALID_ARGUMENT,
             "shape [2, -1] has a negative dim");
  EXPECT_ERR(asrc_tensor_alloc(asrc_dtype(9), 1, shape, &t),
             ASRC_INVALID_ARGUMENT, "invalid dtype 9");
  EXPECT_ERR(asrc_tensor_alloc(ASRC_F32, 9, shape, &t), ASRC_INVALID_ARGUMENT,
             "rank 9");
  EXPECT_ERR(asrc_tensor_alloc(ASRC_F32, 2, nullptr, &t),
             ASRC_INVALID_ARGUMENT, "shape is NULL");
  EXPECT_ERR(asrc_tensor_alloc(ASRC_F32, 2, huge, &t), ASRC_INVALID_ARGUMENT,
             "too large");
  EXPECT_EQ(t.data, nullptr);
}

TEST(RuntimeTensor, DenseAndCopy) {
  // A transposed view of a [3, 4] array: shape [4, 3], strides [1, 4].
  std::vector<float> base(12);
  for (int i = 0; i < 12; ++i)
    base[i] = float(i);
  asrc_tensor t = tensor(ASRC_F32, {4, 3}, base.data(), {1, 4});
  EXPECT_FALSE(asrc_rt_tensor_is_dense(&t));
  EXPECT_EQ(asrc_rt_tensor_elements(&t), 12);
  std::vector<float> dense(12, -1);
  asrc_rt_copy_to_dense(&t, dense.data());
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 3; ++c)
      EXPECT_EQ(dense[r * 3 + c], base[c * 4 + r]);

  asrc_tensor d = tensor(ASRC_F32, {3, 4}, base.data());
  EXPECT_TRUE(asrc_rt_tensor_is_dense(&d));
  asrc_tensor d2 = tensor(ASRC_F32, {3, 1, 4}, base.data(), {4, 999, 1});
  EXPECT_TRUE(asrc_rt_tensor_is_dense(&d2)) << "extent-1 strides do not count";
  EXPECT_FALSE(asrc_rt_tensor_is_dense(nullptr));
  asrc_rt_copy_to_dense(nullptr, dense.data()); // no crash
}

//===----------------------------------------------------------------------===//
// check_input
//===----------------------------------------------------------------------===//

const int64_t kFeatDims[] = {-1, -1, 80};
const char *const kFeatNames[] = {"B", "T", nullptr};
const int64_t kLenDims[] = {-1};
const char *const kLenNames[] = {"B"};

TEST(RuntimeCheckInput, GoodInputBindsSymbols) {
  std::vector<float> data(2 * 100 * 80);
  asrc_tensor t = tensor(ASRC_F32, {2, 100, 80}, data.data());
  asrc_rt_symbols syms = {};
  EXPECT_OK(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, &syms));
  int64_t v = 0;
  EXPECT_TRUE(asrc_rt_symbol(&syms, "B", &v));
  EXPECT_EQ(v, 2);
  EXPECT_TRUE(asrc_rt_symbol(&syms, "T", &v));
  EXPECT_EQ(v, 100);
  EXPECT_FALSE(asrc_rt_symbol(&syms, "U", &v));

  std::vector<int32_t> len(2);
  asrc_tensor l = tensor(ASRC_I32, {2}, len.data());
  EXPECT_OK(asrc_rt_check_input(&l, "encode", "lengths", ASRC_I32, 1, kLenDims,
                                kLenNames, &syms));
  // No symbol table: dynamic dims are free.
  EXPECT_OK(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, nullptr));
}

TEST(RuntimeCheckInput, NullPointers) {
  asrc_rt_symbols syms = {};
  EXPECT_ERR(asrc_rt_check_input(nullptr, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "encode: input 'features' is NULL (expected a f32 tensor [B, T, 80])");
  asrc_tensor t = tensor(ASRC_F32, {2, 100, 80}, nullptr);
  EXPECT_ERR(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT, "encode: input 'features' has NULL data");
  // NULL names from generated code do not crash.
  EXPECT_ERR(asrc_rt_check_input(nullptr, nullptr, nullptr, ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT, "is NULL");
  EXPECT_EQ(syms.count, 0);
}

TEST(RuntimeCheckInput, WrongRankDtypeShape) {
  std::vector<float> data(2 * 100 * 81);
  asrc_rt_symbols syms = {};
  asrc_tensor t = tensor(ASRC_F32, {2, 100, 81}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "encode: input 'features' has shape [2, 100, 81]: expected "
             "[B, T, 80] (dim 2)");
  EXPECT_EQ(syms.count, 0) << "a failed check binds nothing";

  asrc_tensor r2 = tensor(ASRC_F32, {200, 80}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&r2, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "encode: input 'features' has rank 2 (shape [200, 80]): expected "
             "rank 3 [B, T, 80]");

  asrc_tensor i = tensor(ASRC_I64, {2, 100, 80}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&i, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "encode: input 'features' has dtype i64: expected f32");

  // A C caller's out-of-range dtype: set as the int it is in C (in C++ the
  // enum cannot hold 77; loading it would be undefined, UBSan says).
  asrc_tensor bad = tensor(ASRC_F32, {2, 100, 80}, data.data());
  const int32_t bogus = 77;
  std::memcpy(&bad.dtype, &bogus, sizeof bogus);
  EXPECT_ERR(asrc_rt_check_input(&bad, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT, "has dtype dtype(77)");

  asrc_tensor rk = tensor(ASRC_F32, {2}, data.data());
  rk.rank = 12;
  EXPECT_ERR(asrc_rt_check_input(&rk, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT, "has rank 12");
  rk.rank = -1;
  EXPECT_ERR(asrc_rt_check_input(&rk, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT, "has rank -1");

  asrc_tensor neg = tensor(ASRC_F32, {2, -100, 80}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&neg, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "input 'features' has shape [2, -100, 80]: dim 1 is negative");
}

TEST(RuntimeCheckInput, InconsistentSymbols) {
  std::vector<float> data(2 * 100 * 80);
  asrc_tensor t = tensor(ASRC_F32, {2, 100, 80}, data.data());
  asrc_rt_symbols syms = {};
  EXPECT_OK(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, &syms));
  std::vector<int32_t> len(3);
  asrc_tensor l = tensor(ASRC_I32, {3}, len.data());
  EXPECT_ERR(asrc_rt_check_input(&l, "encode", "lengths", ASRC_I32, 1,
                                 kLenDims, kLenNames, &syms),
             ASRC_INVALID_ARGUMENT,
             "encode: input 'lengths' has shape [3]: expected [B] (dim 0: B = "
             "2 from input 'features' dim 0)");

  // The same symbol twice in one tensor.
  const int64_t sq[] = {-1, -1};
  const char *const sqNames[] = {"T", "T"};
  asrc_tensor m = tensor(ASRC_F32, {4, 5}, data.data());
  asrc_rt_symbols fresh = {};
  EXPECT_ERR(asrc_rt_check_input(&m, "step", "mask", ASRC_F32, 2, sq, sqNames,
                                 &fresh),
             ASRC_INVALID_ARGUMENT,
             "step: input 'mask' has shape [4, 5]: expected [T, T] (dim 1: T = "
             "4 from dim 0 of this input)");
  EXPECT_EQ(fresh.count, 0);
  asrc_tensor ok = tensor(ASRC_F32, {4, 4}, data.data());
  EXPECT_OK(asrc_rt_check_input(&ok, "step", "mask", ASRC_F32, 2, sq, sqNames,
                                &fresh));
  EXPECT_EQ(fresh.count, 1);

  // A symbol bound up front.
  asrc_rt_symbols pre = {};
  EXPECT_OK(asrc_rt_bind_symbol(&pre, "step", "T", 100, "the cache size"));
  EXPECT_OK(asrc_rt_bind_symbol(&pre, "step", "T", 100, "again"));
  EXPECT_ERR(asrc_rt_bind_symbol(&pre, "step", "T", 7, "x"),
             ASRC_INVALID_ARGUMENT, "T = 7 from x, but T = 100 from the cache size");
  asrc_tensor f = tensor(ASRC_F32, {2, 99, 80}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&f, "step", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, &pre),
             ASRC_INVALID_ARGUMENT, "(dim 1: T = 100 from the cache size)");
}

TEST(RuntimeCheckInput, TooManySymbols) {
  asrc_rt_symbols syms = {};
  static const char *names[20];
  static std::string storage[20];
  for (int i = 0; i < 20; ++i) {
    storage[i] = "S" + std::to_string(i);
    names[i] = storage[i].c_str();
  }
  float x = 0;
  asrc_tensor t = tensor(ASRC_F32, {1, 1, 1, 1, 1, 1, 1, 1}, &x);
  const int64_t dyn[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
  EXPECT_OK(asrc_rt_check_input(&t, "e", "a", ASRC_F32, 8, dyn, names, &syms));
  EXPECT_OK(
      asrc_rt_check_input(&t, "e", "b", ASRC_F32, 8, dyn, names + 8, &syms));
  EXPECT_ERR(
      asrc_rt_check_input(&t, "e", "c", ASRC_F32, 8, dyn, names + 12, &syms),
      ASRC_INTERNAL, "more than 16 symbolic dims");
}

TEST(RuntimeCheckInput, Strides) {
  // A [2, 3, 80] view into a [2, 6, 100] array: every other frame, 80 of 100
  // channels.
  std::vector<float> data(2 * 6 * 100);
  asrc_tensor t = tensor(ASRC_F32, {2, 3, 80}, data.data(), {600, 200, 1});
  asrc_rt_symbols syms = {};
  EXPECT_OK(asrc_rt_check_input(&t, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, &syms));
  // Channel-strided (innermost stride 2) is allowed too.
  asrc_tensor c = tensor(ASRC_F32, {2, 3, 80}, data.data(), {600, 200, 2});
  EXPECT_OK(asrc_rt_check_input(&c, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, nullptr));
  // Extent-1 dims may carry any stride.
  asrc_tensor one = tensor(ASRC_F32, {1, 3, 80}, data.data(), {-5, 200, 1});
  EXPECT_OK(asrc_rt_check_input(&one, "encode", "features", ASRC_F32, 3,
                                kFeatDims, kFeatNames, nullptr));

  asrc_tensor neg = tensor(ASRC_F32, {2, 3, 80}, data.data(), {600, -200, 1});
  EXPECT_ERR(asrc_rt_check_input(&neg, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, nullptr),
             ASRC_INVALID_ARGUMENT,
             "has strides [600, -200, 1] for shape [2, 3, 80]: dim 1 has "
             "stride -200");
  asrc_tensor zero = tensor(ASRC_F32, {2, 3, 80}, data.data(), {600, 0, 1});
  EXPECT_ERR(asrc_rt_check_input(&zero, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, nullptr),
             ASRC_INVALID_ARGUMENT, "dim 1 has stride 0");
  asrc_tensor big = tensor(ASRC_F32, {2, 3, 80}, data.data(),
                           {int64_t(1) << 40, 80, 1});
  EXPECT_ERR(asrc_rt_check_input(&big, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, nullptr),
             ASRC_INVALID_ARGUMENT, "32-bit limit");
  // Dense but beyond 2^31 bytes: rejected before any kernel sees it.
  asrc_tensor huge = tensor(ASRC_F32, {1 << 20, 1 << 10, 80}, data.data());
  EXPECT_ERR(asrc_rt_check_input(&huge, "encode", "features", ASRC_F32, 3,
                                 kFeatDims, kFeatNames, nullptr),
             ASRC_INVALID_ARGUMENT, "the kernels' limit");
}

//===----------------------------------------------------------------------===//
// prepare_output
//===----------------------------------------------------------------------===//

TEST(RuntimePrepareOutput, Allocates) {
  asrc_tensor out{};
  const int64_t shape[] = {2, 51};
  EXPECT_OK(asrc_rt_prepare_output(&out, "encode", "logits", ASRC_F32, 2,
                                   shape));
  ASSERT_NE(out.data, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(out.data) % 64, 0u);
  EXPECT_EQ(out.dtype, ASRC_F32);
  EXPECT_EQ(out.rank, 2);
  EXPECT_EQ(out.shape[0], 2);
  EXPECT_EQ(out.shape[1], 51);
  static_cast<float *>(out.data)[2 * 51 - 1] = 1.0f;
  // The same tensor now passes the "caller's buffer" check.
  EXPECT_OK(asrc_rt_prepare_output(&out, "encode", "logits", ASRC_F32, 2,
                                   shape));
  asrc_tensor_free(&out);
}

TEST(RuntimePrepareOutput, ChecksCallerBuffer) {
  std::vector<float> buf(2 * 51);
  const int64_t shape[] = {2, 51};
  asrc_tensor good = tensor(ASRC_F32, {2, 51}, buf.data(), {51, 1});
  EXPECT_OK(asrc_rt_prepare_output(&good, "encode", "logits", ASRC_F32, 2,
                                   shape));
  EXPECT_EQ(good.data, buf.data()) << "the caller's buffer is kept";

  asrc_tensor wrongShape = tensor(ASRC_F32, {2, 50}, buf.data());
  EXPECT_ERR(asrc_rt_prepare_output(&wrongShape, "encode", "logits", ASRC_F32,
                                    2, shape),
             ASRC_INVALID_ARGUMENT,
             "encode: output 'logits' has shape [2, 50]: expected [2, 51] "
             "(dim 1)");
  asrc_tensor wrongRank = tensor(ASRC_F32, {102}, buf.data());
  EXPECT_ERR(asrc_rt_prepare_output(&wrongRank, "encode", "logits", ASRC_F32,
                                    2, shape),
             ASRC_INVALID_ARGUMENT, "has rank 1 (shape [102]): expected rank 2");
  asrc_tensor wrongType = tensor(ASRC_BF16, {2, 51}, buf.data());
  EXPECT_ERR(asrc_rt_prepare_output(&wrongType, "encode", "logits", ASRC_F32,
                                    2, shape),
             ASRC_INVALID_ARGUMENT,
             "encode: output 'logits' has dtype bf16: expected f32");
  asrc_tensor strided = tensor(ASRC_F32, {2, 51}, buf.data(), {1, 2});
  EXPECT_ERR(asrc_rt_prepare_output(&strided, "encode", "logits", ASRC_F32, 2,
                                    shape),
             ASRC_INVALID_ARGUMENT, "outputs must be dense row-major");
  EXPECT_ERR(asrc_rt_prepare_output(nullptr, "encode", "logits", ASRC_F32, 2,
                                    shape),
             ASRC_INVALID_ARGUMENT, "encode: output 'logits' is NULL");
  const int64_t tooBig[] = {int64_t(1) << 31, 4};
  asrc_tensor empty{};
  EXPECT_ERR(asrc_rt_prepare_output(&empty, "encode", "logits", ASRC_F32, 2,
                                    tooBig),
             ASRC_INVALID_ARGUMENT, "kernels' limit");
  EXPECT_EQ(empty.data, nullptr);
}

//===----------------------------------------------------------------------===//
// Models and weights
//===----------------------------------------------------------------------===//

class RuntimeModel : public ::testing::Test {
protected:
  void SetUp() override {
    a = randomFloats(4 * 16, 1);
    b = randomFloats(3 * 5, 2);
    c = {1, -2, 3, -4, 5, -6, 7};
    d = randomFloats(9, 3);
    // a at 0 and c at 320 are 64-byte aligned in the file; b at 260 is not.
    tensors = {
        {"a.aligned", "F32", {4, 16}, 0, rawBytes(a)},
        {"b.unaligned", "F32", {3, 5}, 260, rawBytes(b)},
        {"c.i64", "I64", {7}, 320, rawBytes(c)},
        {"d.unused", "F32", {9}, 400, rawBytes(d)},
    };
    file = makeSafetensors(tensors);
    path = tempPath("weights.safetensors");
    writeFile(path, file);
    specs = {spec("a.aligned", ASRC_F32, {4, 16}),
             spec("b.unaligned", ASRC_F32, {3, 5}),
             spec("c.i64", ASRC_I64, {7})};
  }
  void TearDown() override { std::remove(path.c_str()); }

  asrc_error *create(const std::string &p, asrc_model **m) {
    return asrc_rt_model_create("tiny", specs.data(), specs.size(), p.c_str(),
                                nullptr, m);
  }

  std::vector<float> a, b, d;
  std::vector<int64_t> c;
  std::vector<StTensor> tensors;
  std::string file, path;
  std::vector<asrc_rt_weight_spec> specs;
};

TEST_F(RuntimeModel, ZeroCopyAndCopied) {
  ModelHolder h;
  asrc_options opts{};
  opts.threads = 2;
  EXPECT_OK(asrc_rt_model_create("tiny", specs.data(), specs.size(),
                                 path.c_str(), &opts, &h.m));
  ASSERT_NE(h.m, nullptr);
  EXPECT_STREQ(asrc_rt_model_name(h.m), "tiny");
  EXPECT_STREQ(asrc_model_name(h.m), "tiny");
  EXPECT_EQ(asrc_rt_model_options(h.m)->threads, 2);
  EXPECT_EQ(asrc_rt_num_weights(h.m), 3u);

  EXPECT_EQ(asrc_rt_weight_zero_copy(h.m, 0), 1);
  EXPECT_EQ(asrc_rt_weight_zero_copy(h.m, 1), 0);
  EXPECT_EQ(asrc_rt_weight_zero_copy(h.m, 2), 1);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_EQ(reinterpret_cast<uintptr_t>(asrc_rt_weight(h.m, i)) % 64, 0u)
        << "weight " << i;
  EXPECT_EQ(std::memcmp(asrc_rt_weight(h.m, 0), a.data(), a.size() * 4), 0);
  EXPECT_EQ(std::memcmp(asrc_rt_weight(h.m, 1), b.data(), b.size() * 4), 0);
  EXPECT_EQ(std::memcmp(asrc_rt_weight(h.m, 2), c.data(), c.size() * 8), 0);

  // The zero-copy weights point into the file mapping: a and c lie 320 bytes
  // apart, as in the file; the copy of b does not lie between them.
  auto pa = reinterpret_cast<uintptr_t>(asrc_rt_weight(h.m, 0));
  auto pb = reinterpret_cast<uintptr_t>(asrc_rt_weight(h.m, 1));
  auto pc = reinterpret_cast<uintptr_t>(asrc_rt_weight(h.m, 2));
  EXPECT_EQ(pc - pa, 320u);
  EXPECT_FALSE(pb > pa && pb < pc);

  EXPECT_EQ(asrc_rt_weight(h.m, 3), nullptr);
  EXPECT_EQ(asrc_rt_weight(nullptr, 0), nullptr);
  EXPECT_EQ(asrc_rt_weight_zero_copy(h.m, 9), 0);
}

TEST_F(RuntimeModel, AllCopiedUnmapsFile) {
  // Only the unaligned weight: it is copied and the file is not kept mapped.
  ModelHolder h;
  EXPECT_OK(asrc_rt_model_create("tiny", &specs[1], 1, path.c_str(), nullptr,
                                 &h.m));
  ASSERT_NE(h.m, nullptr);
  EXPECT_EQ(asrc_rt_weight_zero_copy(h.m, 0), 0);
  std::remove(path.c_str());
  EXPECT_EQ(std::memcmp(asrc_rt_weight(h.m, 0), b.data(), b.size() * 4), 0);
}

TEST_F(RuntimeModel, NoWeights) {
  ModelHolder h;
  EXPECT_OK(asrc_rt_model_create("empty", nullptr, 0, nullptr, nullptr, &h.m));
  ASSERT_NE(h.m, nullptr);
  EXPECT_EQ(asrc_rt_num_weights(h.m), 0u);
  EXPECT_EQ(asrc_rt_model_options(h.m)->threads, 0);
  EXPECT_STREQ(asrc_model_name(nullptr), "");
  asrc_model_destroy(nullptr);
}

TEST_F(RuntimeModel, MissingFile) {
  asrc_model *m = reinterpret_cast<asrc_model *>(0x1);
  std::string missing = tempPath("does_not_exist.safetensors");
  EXPECT_ERR(create(missing, &m), ASRC_IO_ERROR,
             "tiny: cannot open weights file '" + missing +
                 "': No such file or directory");
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, DirectoryAndEmptyFile) {
  asrc_model *m = nullptr;
  std::string dir = tempPath("dir");
  ::mkdir(dir.c_str(), 0700);
  EXPECT_ERR(create(dir, &m), ASRC_IO_ERROR, "is a directory");
  ::rmdir(dir.c_str());
  std::string empty = tempPath("empty.safetensors");
  writeFile(empty, "");
  EXPECT_ERR(create(empty, &m), ASRC_BAD_WEIGHTS,
             "file is 0 bytes, shorter than the 8-byte header length field");
  writeFile(empty, "this is not a safetensors file at all");
  EXPECT_ERR(create(empty, &m), ASRC_BAD_WEIGHTS, "header length");
  std::remove(empty.c_str());
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, TruncatedFile) {
  asrc_model *m = nullptr;
  writeFile(path, file.substr(0, file.size() - 10));
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS,
             "tensor 'd.unused': data_offsets [400, 436] extend beyond the end "
             "of the file");
  writeFile(path, file.substr(0, 40)); // inside the header
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS, "file truncated?");
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, WeightMissing) {
  asrc_model *m = nullptr;
  specs.push_back(spec("encoder.missing", ASRC_F32, {2}));
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS,
             "tiny: weights file '" + path +
                 "': weight 'encoder.missing' is missing (the file has 4 "
                 "tensors)");
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, WrongDtype) {
  asrc_model *m = nullptr;
  specs[0].dtype = ASRC_F16;
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS,
             "weight 'a.aligned' has dtype F32, expected F16");
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, WrongShape) {
  asrc_model *m = nullptr;
  specs[0] = spec("a.aligned", ASRC_F32, {16, 4});
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS,
             "weight 'a.aligned' has shape [4, 16], expected [16, 4]");
  specs[0] = spec("a.aligned", ASRC_F32, {4, 16, 1});
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS,
             "weight 'a.aligned' has shape [4, 16], expected [4, 16, 1]");
  // Several problems: the first is named, the others counted.
  specs[1].dtype = ASRC_I32;
  EXPECT_ERR(create(path, &m), ASRC_BAD_WEIGHTS, "(and 1 more mismatches)");
  EXPECT_EQ(m, nullptr);
}

TEST_F(RuntimeModel, BadArguments) {
  asrc_model *m = nullptr;
  EXPECT_ERR(asrc_rt_model_create("tiny", specs.data(), 3, path.c_str(),
                                  nullptr, nullptr),
             ASRC_INVALID_ARGUMENT, "output pointer is NULL");
  EXPECT_ERR(asrc_rt_model_create(nullptr, specs.data(), 3, path.c_str(),
                                  nullptr, &m),
             ASRC_INVALID_ARGUMENT, "model name is NULL");
  EXPECT_ERR(asrc_rt_model_create("tiny", nullptr, 3, path.c_str(), nullptr,
                                  &m),
             ASRC_INVALID_ARGUMENT, "spec list is NULL");
  EXPECT_ERR(asrc_rt_model_create("tiny", specs.data(), 3, nullptr, nullptr,
                                  &m),
             ASRC_INVALID_ARGUMENT, "weights path is NULL");
  asrc_options opts{};
  opts.threads = -3;
  EXPECT_ERR(asrc_rt_model_create("tiny", specs.data(), 3, path.c_str(),
                                  &opts, &m),
             ASRC_INVALID_ARGUMENT, "options.threads is -3");
  specs[1].name = nullptr;
  EXPECT_ERR(create(path, &m), ASRC_INVALID_ARGUMENT, "weight spec 1 has no name");
  specs[1] = spec("b.unaligned", ASRC_F32, {3, -5});
  EXPECT_ERR(create(path, &m), ASRC_INVALID_ARGUMENT, "negative dim");
  specs[1].rank = 9;
  EXPECT_ERR(create(path, &m), ASRC_INVALID_ARGUMENT, "has rank 9");
  EXPECT_EQ(m, nullptr);
}

//===----------------------------------------------------------------------===//
// Arena
//===----------------------------------------------------------------------===//

TEST(RuntimeArena, EightThreadsNoOverlap) {
  ModelHolder h;
  EXPECT_OK(asrc_rt_model_create("arena", nullptr, 0, nullptr, nullptr, &h.m));
  ASSERT_NE(h.m, nullptr);
  constexpr int kThreads = 8, kIters = 100;
  std::atomic<int> failures{0};
  auto worker = [&](int tid) {
    for (int it = 0; it < kIters; ++it) {
      // Two blocks at once, of sizes varying by thread and iteration.
      size_t n1 = 1 + size_t((tid * 7919 + it * 104729) % 20000);
      size_t n2 = 1 + size_t((tid * 31 + it * 613) % 3000);
      auto *p1 = static_cast<uint32_t *>(asrc_rt_arena_acquire(h.m, n1 * 4));
      auto *p2 = static_cast<uint32_t *>(asrc_rt_arena_acquire(h.m, n2 * 4));
      if (!p1 || !p2 || reinterpret_cast<uintptr_t>(p1) % 64 ||
          reinterpret_cast<uintptr_t>(p2) % 64) {
        ++failures;
        return;
      }
      uint32_t tag1 = uint32_t(tid) << 24 | uint32_t(it) << 8 | 1;
      uint32_t tag2 = uint32_t(tid) << 24 | uint32_t(it) << 8 | 2;
      for (size_t i = 0; i < n1; ++i)
        p1[i] = tag1 ^ uint32_t(i);
      for (size_t i = 0; i < n2; ++i)
        p2[i] = tag2 ^ uint32_t(i);
      std::this_thread::yield();
      for (size_t i = 0; i < n1; ++i)
        if (p1[i] != (tag1 ^ uint32_t(i))) {
          ++failures;
          break;
        }
      for (size_t i = 0; i < n2; ++i)
        if (p2[i] != (tag2 ^ uint32_t(i))) {
          ++failures;
          break;
        }
      asrc_rt_arena_release(h.m, p2);
      asrc_rt_arena_release(h.m, p1);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(worker, t);
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);

  asrc_rt_arena_stats s = asrc_rt_arena_get_stats(h.m);
  EXPECT_EQ(s.in_use, 0u);
  EXPECT_LE(s.blocks, size_t(2 * kThreads)) << "blocks are reused";
  EXPECT_GE(s.blocks, 1u);

  // Steady state: the same requests again allocate nothing.
  size_t before = s.allocations;
  for (int it = 0; it < 50; ++it) {
    void *p = asrc_rt_arena_acquire(h.m, 1 + size_t(it * 397 % 20000) * 4);
    ASSERT_NE(p, nullptr);
    asrc_rt_arena_release(h.m, p);
  }
  EXPECT_EQ(asrc_rt_arena_get_stats(h.m).allocations, before);
}

TEST(RuntimeArena, GrowsAndReuses) {
  ModelHolder h;
  EXPECT_OK(asrc_rt_model_create("arena", nullptr, 0, nullptr, nullptr, &h.m));
  void *p = asrc_rt_arena_acquire(h.m, 1000);
  asrc_rt_arena_release(h.m, p);
  void *q = asrc_rt_arena_acquire(h.m, 900);
  EXPECT_EQ(p, q) << "a free block that fits is reused";
  asrc_rt_arena_release(h.m, q);
  void *r = asrc_rt_arena_acquire(h.m, 100000);
  asrc_rt_arena_stats s = asrc_rt_arena_get_stats(h.m);
  EXPECT_EQ(s.blocks, 1u) << "the too-small free block was replaced";
  EXPECT_GE(s.bytes, 100000u);
  EXPECT_EQ(s.in_use, 1u);
  void *z = asrc_rt_arena_acquire(h.m, 0);
  EXPECT_NE(z, nullptr);
  EXPECT_NE(z, r);
  asrc_rt_arena_release(h.m, r);
  asrc_rt_arena_release(h.m, z);
  int local;
  asrc_rt_arena_release(h.m, &local); // not from the pool: ignored
  asrc_rt_arena_release(h.m, nullptr);
  EXPECT_EQ(asrc_rt_arena_get_stats(h.m).in_use, 0u);
  EXPECT_EQ(asrc_rt_arena_acquire(h.m, SIZE_MAX), nullptr);
  // Without a model: heap blocks.
  void *heap = asrc_rt_arena_acquire(nullptr, 123);
  ASSERT_NE(heap, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(heap) % 64, 0u);
  asrc_rt_arena_release(nullptr, heap);
  // Blocks still out at destroy are freed (checked by ASan builds).
  EXPECT_NE(asrc_rt_arena_acquire(h.m, 5000), nullptr);
}

//===----------------------------------------------------------------------===//
// Halide glue
//===----------------------------------------------------------------------===//

TEST(RuntimeHalide, BufferDenseAndStrided) {
  std::vector<float> data(2 * 3 * 5);
  halide_buffer_t buf;
  halide_dimension_t dims[3];
  const int64_t shape[] = {2, 3, 5};
  EXPECT_OK(asrc_rt_buffer(&buf, dims, data.data(), ASRC_F32, 3, shape,
                           nullptr));
  EXPECT_EQ(buf.host, reinterpret_cast<uint8_t *>(data.data()));
  EXPECT_EQ(buf.dimensions, 3);
  EXPECT_EQ(buf.dim, dims);
  EXPECT_EQ(buf.type.code, halide_type_float);
  EXPECT_EQ(buf.type.bits, 32);
  EXPECT_EQ(buf.type.lanes, 1);
  EXPECT_EQ(buf.device, 0u);
  // Halide dim 0 = innermost.
  EXPECT_EQ(dims[0].extent, 5);
  EXPECT_EQ(dims[0].stride, 1);
  EXPECT_EQ(dims[1].extent, 3);
  EXPECT_EQ(dims[1].stride, 5);
  EXPECT_EQ(dims[2].extent, 2);
  EXPECT_EQ(dims[2].stride, 15);
  EXPECT_EQ(dims[2].min, 0);

  const int64_t strides[] = {40, 10, 2};
  EXPECT_OK(asrc_rt_buffer(&buf, dims, data.data(), ASRC_BF16, 3, shape,
                           strides));
  EXPECT_EQ(buf.type.code, halide_type_bfloat);
  EXPECT_EQ(buf.type.bits, 16);
  EXPECT_EQ(dims[0].stride, 2);
  EXPECT_EQ(dims[1].stride, 10);
  EXPECT_EQ(dims[2].stride, 40);

  // Extent-1 dims get the dense stride whatever the caller had.
  const int64_t shape1[] = {1, 4};
  const int64_t strides1[] = {-7, 1};
  EXPECT_OK(asrc_rt_buffer(&buf, dims, data.data(), ASRC_I64, 2, shape1,
                           strides1));
  EXPECT_EQ(buf.type.code, halide_type_int);
  EXPECT_EQ(buf.type.bits, 64);
  EXPECT_EQ(dims[1].extent, 1);
  EXPECT_EQ(dims[1].stride, 4);

  // Through a tensor view.
  asrc_tensor t = tensor(ASRC_I32, {3, 5}, data.data(), {10, 2});
  EXPECT_OK(asrc_rt_tensor_buffer(&buf, dims, &t));
  EXPECT_EQ(dims[0].stride, 2);
  EXPECT_EQ(dims[1].stride, 10);
  asrc_tensor scalar = tensor(ASRC_F32, {}, data.data());
  EXPECT_OK(asrc_rt_tensor_buffer(&buf, dims, &scalar));
  EXPECT_EQ(buf.dimensions, 0);
}

TEST(RuntimeHalide, BufferErrors) {
  halide_buffer_t buf;
  halide_dimension_t dims[3];
  float x = 0;
  const int64_t tooBig[] = {70000, 70000};
  EXPECT_ERR(asrc_rt_buffer(&buf, dims, &x, ASRC_F32, 2, tooBig, nullptr),
             ASRC_INVALID_ARGUMENT, "does not fit the kernels' 32-bit");
  EXPECT_EQ(buf.host, nullptr) << "zeroed on failure";
  const int64_t shape[] = {2, 3};
  const int64_t bigStride[] = {int64_t(1) << 33, 1};
  EXPECT_ERR(asrc_rt_buffer(&buf, dims, &x, ASRC_F32, 2, shape, bigStride),
             ASRC_INVALID_ARGUMENT, "32-bit");
  EXPECT_ERR(asrc_rt_buffer(&buf, dims, &x, asrc_dtype(5), 2, shape, nullptr),
             ASRC_INVALID_ARGUMENT, "invalid dtype");
  EXPECT_ERR(asrc_rt_buffer(&buf, nullptr, &x, ASRC_F32, 2, shape, nullptr),
             ASRC_INVALID_ARGUMENT, "bad rank");
  EXPECT_ERR(asrc_rt_buffer(nullptr, dims, &x, ASRC_F32, 2, shape, nullptr),
             ASRC_INTERNAL, "buffer is NULL");
  EXPECT_ERR(asrc_rt_tensor_buffer(&buf, dims, nullptr), ASRC_INVALID_ARGUMENT,
             "tensor is NULL");
}

TEST(RuntimeHalide, KernelStatus) {
  asrc_rt_call call = {};
  EXPECT_EQ(asrc_rt_kernel_status(&call, "encode", "matmul_0", 0), nullptr);

  halide_error(&call, "Input buffer b0 is accessed at 80, which is beyond "
                      "the max (79) in dimension 0\n");
  EXPECT_ERR(asrc_rt_kernel_status(&call, "encode", "matmul_0", -2),
             ASRC_KERNEL_ERROR,
             "encode: kernel 'matmul_0' failed: Input buffer b0 is accessed "
             "at 80, which is beyond the max (79) in dimension 0");
  // Cleared: the next failure without a message reports the code.
  EXPECT_ERR(asrc_rt_kernel_status(&call, "encode", "softmax_1", -3),
             ASRC_KERNEL_ERROR, "encode: kernel 'softmax_1' failed (Halide "
                                "error -3)");

  // First message wins; a long one is cut, not overflowed.
  std::string long1(3000, 'a');
  halide_error(&call, long1.c_str());
  halide_error(&call, "second");
  {
    Err e(asrc_rt_kernel_status(&call, "e", "k", -1));
    EXPECT_EQ(e.msg(), "e: kernel 'k' failed: " + std::string(1023, 'a'));
  }
  // Without a user_context: the thread's own slot.
  halide_error(nullptr, "no context");
  EXPECT_ERR(asrc_rt_kernel_status(nullptr, "e", "k", -1), ASRC_KERNEL_ERROR,
             "e: kernel 'k' failed: no context");
  halide_print(&call, "quiet"); // prints nothing, no crash
  halide_print(nullptr, "quiet");
}

TEST(RuntimeHalide, ConcurrentErrors) {
  // Several workers of one call fail at once: one whole message survives.
  asrc_rt_call call = {};
  std::vector<std::string> msgs;
  for (int i = 0; i < 8; ++i)
    msgs.push_back("worker " + std::to_string(i) + " " + std::string(500, 'x'));
  std::vector<std::thread> ts;
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] {
      for (int k = 0; k < 100; ++k)
        halide_error(&call, msgs[i].c_str());
    });
  for (auto &t : ts)
    t.join();
  Err e(asrc_rt_kernel_status(&call, "e", "k", -1));
  std::string m = e.msg();
  const std::string prefix = "e: kernel 'k' failed: ";
  ASSERT_EQ(m.compare(0, prefix.size(), prefix), 0) << m;
  std::string got = m.substr(prefix.size());
  bool known = false;
  for (auto &s : msgs)
    known |= got == s;
  EXPECT_TRUE(known) << got;

  // Separate calls on separate threads keep separate messages.
  std::atomic<int> bad{0};
  std::vector<std::thread> ts2;
  for (int i = 0; i < 8; ++i)
    ts2.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) {
        asrc_rt_call c = {};
        std::string msg = "thread " + std::to_string(i) + " iter " +
                          std::to_string(k);
        halide_error(&c, msg.c_str());
        asrc_error *err = asrc_rt_kernel_status(&c, "e", "k", -1);
        if (std::string(asrc_error_message(err)) !=
            "e: kernel 'k' failed: " + msg)
          ++bad;
        asrc_error_free(err);
      }
    });
  for (auto &t : ts2)
    t.join();
  EXPECT_EQ(bad.load(), 0);
}

//===----------------------------------------------------------------------===//
// Recurrences: references in double precision, PyTorch's equations
//===----------------------------------------------------------------------===//

double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }

struct RnnWeights {
  int64_t I, H, G;
  std::vector<float> w_ih, w_hh, b_ih, b_hh;
  RnnWeights(int64_t I, int64_t H, int64_t G, uint32_t seed)
      : I(I), H(H), G(G), w_ih(randomFloats(size_t(G * H * I), seed)),
        w_hh(randomFloats(size_t(G * H * H), seed + 1)),
        b_ih(randomFloats(size_t(G * H), seed + 2)),
        b_hh(randomFloats(size_t(G * H), seed + 3)) {}
};

/// One reference LSTM cell step for one utterance: (h, c) updated in place.
void refLstmStep(const RnnWeights &w, const float *x, std::vector<double> &h,
                 std::vector<double> &c) {
  const int64_t H = w.H, I = w.I;
  std::vector<double> g(size_t(4 * H));
  for (int64_t j = 0; j < 4 * H; ++j) {
    double s = double(w.b_ih[j]) + double(w.b_hh[j]);
    for (int64_t k = 0; k < I; ++k)
      s += double(w.w_ih[j * I + k]) * x[k];
    for (int64_t k = 0; k < H; ++k)
      s += double(w.w_hh[j * H + k]) * h[k];
    g[j] = s;
  }
  for (int64_t k = 0; k < H; ++k) {
    double i = sig(g[k]), f = sig(g[H + k]), gg = std::tanh(g[2 * H + k]),
           o = sig(g[3 * H + k]);
    c[k] = f * c[k] + i * gg;
    h[k] = o * std::tanh(c[k]);
  }
}

void refGruStep(const RnnWeights &w, const float *x, std::vector<double> &h) {
  const int64_t H = w.H, I = w.I;
  std::vector<double> gi(size_t(3 * H)), gh(size_t(3 * H));
  for (int64_t j = 0; j < 3 * H; ++j) {
    double a = w.b_ih[j], b = w.b_hh[j];
    for (int64_t k = 0; k < I; ++k)
      a += double(w.w_ih[j * I + k]) * x[k];
    for (int64_t k = 0; k < H; ++k)
      b += double(w.w_hh[j * H + k]) * h[k];
    gi[j] = a;
    gh[j] = b;
  }
  for (int64_t k = 0; k < H; ++k) {
    double r = sig(gi[k] + gh[k]);
    double z = sig(gi[H + k] + gh[H + k]);
    double n = std::tanh(gi[2 * H + k] + r * gh[2 * H + k]);
    h[k] = (1 - z) * n + z * h[k];
  }
}

/// Reference layer over x [B, T, I] with lengths: out [B, T, H] (zeros on
/// padding), final h (and c) [B, H].
void refLayer(bool lstm, const RnnWeights &w, const std::vector<float> &x,
              int64_t B, int64_t T, const std::vector<int64_t> &len,
              bool reverse, const std::vector<float> *h0,
              const std::vector<float> *c0, std::vector<double> &out,
              std::vector<double> &hN, std::vector<double> &cN) {
  const int64_t H = w.H, I = w.I;
  out.assign(size_t(B * T * H), 0.0);
  hN.assign(size_t(B * H), 0.0);
  cN.assign(size_t(B * H), 0.0);
  for (int64_t b = 0; b < B; ++b) {
    std::vector<double> h(size_t(H), 0.0), c(size_t(H), 0.0);
    for (int64_t k = 0; k < H; ++k) {
      if (h0)
        h[k] = (*h0)[b * H + k];
      if (c0)
        c[k] = (*c0)[b * H + k];
    }
    // The utterance's own frames, in order or reversed.
    for (int64_t s = 0; s < len[b]; ++s) {
      int64_t t = reverse ? len[b] - 1 - s : s;
      const float *xt = &x[size_t((b * T + t) * I)];
      if (lstm)
        refLstmStep(w, xt, h, c);
      else
        refGruStep(w, xt, h);
      for (int64_t k = 0; k < H; ++k)
        out[size_t((b * T + t) * H + k)] = h[k];
    }
    for (int64_t k = 0; k < H; ++k) {
      hN[b * H + k] = h[k];
      cN[b * H + k] = c[k];
    }
  }
}

/// xg = x W^T + bias (+ bias2) for x [N, I], W [J, I] -> [N, J], placed with
/// a row stride at a column offset (to build a combined projection).
void projection(const std::vector<float> &x, int64_t N, int64_t I,
                const std::vector<float> &W, const std::vector<float> &b1,
                const std::vector<float> *b2, float *out, int64_t stride) {
  int64_t J = int64_t(b1.size());
  for (int64_t n = 0; n < N; ++n)
    for (int64_t j = 0; j < J; ++j) {
      float s = b1[j] + (b2 ? (*b2)[j] : 0.0f);
      for (int64_t k = 0; k < I; ++k)
        s += x[n * I + k] * W[j * I + k];
      out[n * stride + j] = s;
    }
}

constexpr double kTol = 2e-5;

void expectNear(const float *got, const std::vector<double> &want,
                int64_t rows, int64_t H, int64_t stride, const char *what) {
  double worst = 0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < H; ++k)
      worst = std::max(worst, std::abs(double(got[r * stride + k]) -
                                       want[size_t(r * H + k)]));
  EXPECT_LT(worst, kTol) << what;
}

struct LayerCase {
  int64_t B = 5, T = 7, I = 19, H = 37;
  std::vector<int64_t> len{7, 3, 0, 5, 1};
};

void runLayerCase(bool lstm, bool reverse, bool withLengths, bool i64Lengths,
                  bool withInitial) {
  LayerCase lc;
  const int64_t B = lc.B, T = lc.T, I = lc.I, H = lc.H, G = lstm ? 4 : 3;
  if (!withLengths)
    lc.len.assign(size_t(B), T);
  RnnWeights w(I, H, G, lstm ? 10 : 20);
  std::vector<float> x = randomFloats(size_t(B * T * I), 5, 1.0f);
  std::vector<float> h0 = randomFloats(size_t(B * H), 6),
                     c0 = randomFloats(size_t(B * H), 7);
  std::vector<float> xg(size_t(B * T * G * H));
  projection(x, B * T, I, w.w_ih, w.b_ih, lstm ? &w.b_hh : nullptr, xg.data(),
             G * H);
  std::vector<int32_t> len32(lc.len.begin(), lc.len.end());

  std::vector<float> out(size_t(B * T * H), 123.0f), hN(size_t(B * H)),
      cN(size_t(B * H));
  asrc_rt_rnn a{};
  a.batch = B;
  a.time = T;
  a.hidden = H;
  a.xg = xg.data();
  a.w_hh = w.w_hh.data();
  a.b_hh = lstm ? nullptr : w.b_hh.data();
  if (withLengths) {
    a.lengths = i64Lengths ? static_cast<const void *>(lc.len.data())
                           : static_cast<const void *>(len32.data());
    a.lengths_dtype = i64Lengths ? ASRC_I64 : ASRC_I32;
  }
  a.reverse = reverse;
  a.h0 = withInitial ? h0.data() : nullptr;
  a.c0 = withInitial && lstm ? c0.data() : nullptr;
  a.out = out.data();
  a.h_n = hN.data();
  a.c_n = lstm ? cN.data() : nullptr;

  ModelHolder m;
  EXPECT_OK(asrc_rt_model_create("rnn", nullptr, 0, nullptr, nullptr, &m.m));
  EXPECT_OK(lstm ? asrc_rt_lstm(m.m, "encode", &a)
                 : asrc_rt_gru(m.m, "encode", &a));

  std::vector<double> rOut, rH, rC;
  refLayer(lstm, w, x, B, T, lc.len, reverse, withInitial ? &h0 : nullptr,
           withInitial && lstm ? &c0 : nullptr, rOut, rH, rC);
  expectNear(out.data(), rOut, B * T, H, H, "output");
  expectNear(hN.data(), rH, B, H, H, "final h");
  if (lstm)
    expectNear(cN.data(), rC, B, H, H, "final c");
  // Padded frames are exactly zero.
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = lc.len[b]; t < T; ++t)
      for (int64_t k = 0; k < H; ++k)
        ASSERT_EQ(out[size_t((b * T + t) * H + k)], 0.0f)
            << "b " << b << " t " << t;
  EXPECT_EQ(asrc_rt_arena_get_stats(m.m).in_use, 0u) << "scratch released";
}

TEST(RuntimeLstm, Forward) { runLayerCase(true, false, false, false, false); }
TEST(RuntimeLstm, ForwardLengthsI32) {
  runLayerCase(true, false, true, false, false);
}
TEST(RuntimeLstm, ReverseLengthsI64) {
  runLayerCase(true, true, true, true, false);
}
TEST(RuntimeLstm, InitialStates) { runLayerCase(true, true, true, false, true); }
TEST(RuntimeGru, Forward) { runLayerCase(false, false, false, false, false); }
TEST(RuntimeGru, ForwardLengthsI32) {
  runLayerCase(false, false, true, false, false);
}
TEST(RuntimeGru, ReverseLengthsI64) {
  runLayerCase(false, true, true, true, false);
}
TEST(RuntimeGru, InitialState) { runLayerCase(false, false, true, true, true); }

/// A bidirectional layer: one [B, T, 2*G*H] projection for both directions,
/// each direction writing its half of [B, T, 2H].
void runBidirectional(bool lstm) {
  LayerCase lc;
  const int64_t B = lc.B, T = lc.T, I = lc.I, H = lc.H, G = lstm ? 4 : 3;
  const int64_t GH = G * H;
  RnnWeights fw(I, H, G, 30), bw(I, H, G, 40);
  std::vector<float> x = randomFloats(size_t(B * T * I), 8, 1.0f);
  std::vector<float> xg(size_t(B * T * 2 * GH));
  projection(x, B * T, I, fw.w_ih, fw.b_ih, lstm ? &fw.b_hh : nullptr,
             xg.data(), 2 * GH);
  projection(x, B * T, I, bw.w_ih, bw.b_ih, lstm ? &bw.b_hh : nullptr,
             xg.data() + GH, 2 * GH);
  std::vector<float> out(size_t(B * T * 2 * H), 55.0f);

  ModelHolder m;
  EXPECT_OK(asrc_rt_model_create("birnn", nullptr, 0, nullptr, nullptr, &m.m));
  for (int dir = 0; dir < 2; ++dir) {
    const RnnWeights &w = dir ? bw : fw;
    asrc_rt_rnn a{};
    a.batch = B;
    a.time = T;
    a.hidden = H;
    a.xg = xg.data() + dir * GH;
    a.xg_row_stride = 2 * GH;
    a.w_hh = w.w_hh.data();
    a.b_hh = lstm ? nullptr : w.b_hh.data();
    a.lengths = lc.len.data();
    a.lengths_dtype = ASRC_I64;
    a.reverse = dir;
    a.out = out.data() + dir * H;
    a.out_row_stride = 2 * H;
    EXPECT_OK(lstm ? asrc_rt_lstm(m.m, "encode", &a)
                   : asrc_rt_gru(m.m, "encode", &a));
  }
  std::vector<double> rF, rB, h, c;
  refLayer(lstm, fw, x, B, T, lc.len, false, nullptr, nullptr, rF, h, c);
  refLayer(lstm, bw, x, B, T, lc.len, true, nullptr, nullptr, rB, h, c);
  expectNear(out.data(), rF, B * T, H, 2 * H, "forward half");
  expectNear(out.data() + H, rB, B * T, H, 2 * H, "backward half");
  // The backward direction starts at each utterance's last valid frame: its
  // output there is one step from the zero state on that frame alone.
  for (int64_t b = 0; b < B; ++b) {
    if (lc.len[b] == 0)
      continue;
    int64_t t = lc.len[b] - 1;
    std::vector<double> hh(size_t(H), 0.0), cc(size_t(H), 0.0);
    if (lstm)
      refLstmStep(bw, &x[size_t((b * T + t) * I)], hh, cc);
    else
      refGruStep(bw, &x[size_t((b * T + t) * I)], hh);
    for (int64_t k = 0; k < H; ++k)
      EXPECT_NEAR(out[size_t((b * T + t) * 2 * H + H + k)], hh[k], kTol);
  }
}

TEST(RuntimeLstm, Bidirectional) { runBidirectional(true); }
TEST(RuntimeGru, Bidirectional) { runBidirectional(false); }

TEST(RuntimeLstm, LargerHiddenNoModel) {
  // Sizes that are multiples of the 16-lane blocks, more than 4 rows, and no
  // model (heap scratch).
  const int64_t B = 9, T = 4, I = 32, H = 64;
  RnnWeights w(I, H, 4, 50);
  std::vector<float> x = randomFloats(size_t(B * T * I), 9, 1.0f);
  std::vector<float> xg(size_t(B * T * 4 * H));
  projection(x, B * T, I, w.w_ih, w.b_ih, nullptr, xg.data(), 4 * H);
  std::vector<float> out(size_t(B * T * H));
  asrc_rt_rnn a{};
  a.batch = B;
  a.time = T;
  a.hidden = H;
  a.xg = xg.data();
  a.w_hh = w.w_hh.data();
  a.b_hh = w.b_hh.data(); // LSTM: a separate b_hh is added when given
  a.out = out.data();
  EXPECT_OK(asrc_rt_lstm(nullptr, "encode", &a));
  std::vector<double> r, h, c;
  std::vector<int64_t> len(size_t(B), T);
  refLayer(true, w, x, B, T, len, false, nullptr, nullptr, r, h, c);
  expectNear(out.data(), r, B * T, H, H, "output");
}

TEST(RuntimeLstm, Errors) {
  const int64_t B = 2, T = 3, H = 4;
  std::vector<float> xg(size_t(B * T * 4 * H)), w(size_t(16 * H)),
      out(size_t(B * T * H)), bhh(size_t(12));
  std::vector<int32_t> len = {3, 4};
  asrc_rt_rnn a{};
  a.batch = B;
  a.time = T;
  a.hidden = H;
  a.xg = xg.data();
  a.w_hh = w.data();
  a.out = out.data();
  a.lengths = len.data();
  a.lengths_dtype = ASRC_I32;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "encode: lstm: lengths[1] = 4 is outside [0, 3]");
  len[1] = -1;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "lengths[1] = -1");
  len[1] = 2;
  EXPECT_OK(asrc_rt_lstm(nullptr, "encode", &a));
  a.lengths_dtype = ASRC_F32;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "lengths have dtype f32: expected i32 or i64");
  a.lengths_dtype = ASRC_I32;
  a.xg_row_stride = 7;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "xg row stride 7 is less than 16");
  a.xg_row_stride = 0;
  a.out_row_stride = 2;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "output row stride 2");
  a.out_row_stride = 0;
  a.w_hh = nullptr;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "w_hh is NULL");
  a.w_hh = w.data();
  a.out = nullptr;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "out is NULL");
  a.out = out.data();
  a.batch = -1;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "negative size");
  a.batch = int64_t(1) << 62;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "overflow");
  a.batch = B;
  EXPECT_ERR(asrc_rt_lstm(nullptr, "encode", nullptr), ASRC_INVALID_ARGUMENT,
             "arguments are NULL");
  // GRU-specific.
  a.b_hh = nullptr;
  EXPECT_ERR(asrc_rt_gru(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "encode: gru: b_hh is NULL");
  a.b_hh = bhh.data();
  float c0[8] = {};
  a.c0 = c0;
  EXPECT_ERR(asrc_rt_gru(nullptr, "encode", &a), ASRC_INVALID_ARGUMENT,
             "no cell state");
  // Empty batch or time: nothing to do.
  a.c0 = nullptr;
  a.time = 0;
  a.lengths = nullptr;
  EXPECT_OK(asrc_rt_gru(nullptr, "encode", &a));
  a.batch = 0;
  EXPECT_OK(asrc_rt_lstm(nullptr, "encode", &a));
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

void runCellCase(bool lstm, bool inPlace, bool withBiases) {
  const int64_t B = 6, I = 19, H = 37, G = lstm ? 4 : 3;
  RnnWeights w(I, H, G, lstm ? 60 : 70);
  if (!withBiases) {
    std::fill(w.b_ih.begin(), w.b_ih.end(), 0.0f);
    std::fill(w.b_hh.begin(), w.b_hh.end(), 0.0f);
  }
  std::vector<float> x = randomFloats(size_t(B * I), 11, 1.0f);
  std::vector<float> h = randomFloats(size_t(B * H), 12),
                     c = randomFloats(size_t(B * H), 13);
  std::vector<float> hOut(size_t(B * H)), cOut(size_t(B * H));
  std::vector<float> h1 = h, c1 = c; // for in-place
  asrc_rt_cell a{};
  a.batch = B;
  a.input = I;
  a.hidden = H;
  a.x = x.data();
  a.h = inPlace ? h1.data() : h.data();
  a.c = lstm ? (inPlace ? c1.data() : c.data()) : nullptr;
  a.w_ih = w.w_ih.data();
  a.w_hh = w.w_hh.data();
  a.b_ih = withBiases ? w.b_ih.data() : nullptr;
  a.b_hh = withBiases ? w.b_hh.data() : nullptr;
  a.h_out = inPlace ? h1.data() : hOut.data();
  a.c_out = lstm ? (inPlace ? c1.data() : cOut.data()) : nullptr;
  ModelHolder m;
  EXPECT_OK(asrc_rt_model_create("cell", nullptr, 0, nullptr, nullptr, &m.m));
  EXPECT_OK(lstm ? asrc_rt_lstm_cell(m.m, "decode_step", &a)
                 : asrc_rt_gru_cell(m.m, "decode_step", &a));

  std::vector<double> wantH(size_t(B * H)), wantC(size_t(B * H));
  for (int64_t b = 0; b < B; ++b) {
    std::vector<double> hb(h.begin() + b * H, h.begin() + (b + 1) * H);
    std::vector<double> cb(c.begin() + b * H, c.begin() + (b + 1) * H);
    if (lstm)
      refLstmStep(w, &x[size_t(b * I)], hb, cb);
    else
      refGruStep(w, &x[size_t(b * I)], hb);
    for (int64_t k = 0; k < H; ++k) {
      wantH[size_t(b * H + k)] = hb[k];
      wantC[size_t(b * H + k)] = cb[k];
    }
  }
  expectNear(a.h_out, wantH, B, H, H, "h_out");
  if (lstm)
    expectNear(a.c_out, wantC, B, H, H, "c_out");
  if (!inPlace) {
    EXPECT_EQ(std::memcmp(a.h, h.data(), h.size() * 4), 0) << "h untouched";
  }
}

TEST(RuntimeLstmCell, MatchesReference) { runCellCase(true, false, true); }
TEST(RuntimeLstmCell, InPlaceNoBiases) { runCellCase(true, true, false); }
TEST(RuntimeGruCell, MatchesReference) { runCellCase(false, false, true); }
TEST(RuntimeGruCell, InPlace) { runCellCase(false, true, true); }

TEST(RuntimeCells, Errors) {
  float buf[64] = {};
  asrc_rt_cell a{};
  a.batch = 1;
  a.input = 2;
  a.hidden = 2;
  a.x = buf;
  a.h = buf;
  a.w_ih = buf;
  a.w_hh = buf;
  a.h_out = buf + 32;
  EXPECT_ERR(asrc_rt_lstm_cell(nullptr, "decode_step", &a),
             ASRC_INVALID_ARGUMENT, "decode_step: lstm_cell: c is NULL");
  EXPECT_OK(asrc_rt_gru_cell(nullptr, "decode_step", &a));
  a.c = buf;
  EXPECT_ERR(asrc_rt_gru_cell(nullptr, "decode_step", &a),
             ASRC_INVALID_ARGUMENT, "gru_cell: a GRU has no cell state");
  a.c = nullptr;
  a.x = nullptr;
  EXPECT_ERR(asrc_rt_gru_cell(nullptr, "decode_step", &a),
             ASRC_INVALID_ARGUMENT, "x is NULL");
  a.x = buf;
  a.hidden = -2;
  EXPECT_ERR(asrc_rt_gru_cell(nullptr, "decode_step", &a),
             ASRC_INVALID_ARGUMENT, "negative size");
  EXPECT_ERR(asrc_rt_lstm_cell(nullptr, "decode_step", nullptr),
             ASRC_INVALID_ARGUMENT, "arguments are NULL");
  // Input size 0: only the hidden projection.
  a.hidden = 2;
  a.input = 0;
  a.x = nullptr;
  a.w_ih = nullptr;
  EXPECT_OK(asrc_rt_gru_cell(nullptr, "decode_step", &a));
}

} // namespace

//===----------------------------------------------------------------------===//
// CUDA device choice (runtime/Cuda.cpp) on a machine without the driver: the
// test sets ASRC_CUDA_DRIVER to a library that does not exist, so the
// outcome does not depend on the machine.
//===----------------------------------------------------------------------===//

namespace {

struct NoCudaDriver {
  NoCudaDriver() {
    setenv("ASRC_CUDA_DRIVER", "/nonexistent/libcuda-for-asrc-tests.so", 1);
    unsetenv("ASRC_DEVICE");
  }
};

asrc_model *weightlessModel(int32_t device) {
  asrc_options o{};
  o.device = device;
  asrc_model *m = nullptr;
  Err e(asrc_rt_model_create("tiny", nullptr, 0, nullptr, &o, &m));
  EXPECT_TRUE(e.ok()) << e.msg();
  return m;
}

const char kImage[] = "not a fatbin";

} // namespace

TEST(RuntimeCuda, AutoFallsBackToTheCpuWithHostCode) {
  NoCudaDriver env;
  ModelHolder h{weightlessModel(ASRC_DEVICE_AUTO)};
  EXPECT_OK(asrc_rt_model_set_cuda(h.m, kImage, sizeof(kImage), /*has_host=*/1));
  EXPECT_EQ(asrc_rt_model_on_cuda(h.m), 0);
  EXPECT_STREQ(asrc_model_device(h.m), "cpu");
}

TEST(RuntimeCuda, CudaWithoutADriverIsAnErrorNamingTheDriver) {
  NoCudaDriver env;
  ModelHolder a{weightlessModel(ASRC_DEVICE_CUDA)};
  EXPECT_ERR(asrc_rt_model_set_cuda(a.m, kImage, sizeof(kImage), 1), ASRC_KERNEL_ERROR,
             "tiny: cannot load the CUDA driver /nonexistent/libcuda-for-asrc-tests.so");
  // A cuda-only library has nothing to fall back to, even with AUTO.
  ModelHolder b{weightlessModel(ASRC_DEVICE_AUTO)};
  EXPECT_ERR(asrc_rt_model_set_cuda(b.m, kImage, sizeof(kImage), 0), ASRC_KERNEL_ERROR,
             "no NVIDIA driver on this machine?");
}

TEST(RuntimeCuda, DevicesTheLibraryLacks) {
  NoCudaDriver env;
  ModelHolder a{weightlessModel(ASRC_DEVICE_HOST)};
  EXPECT_ERR(asrc_rt_model_set_cuda(a.m, kImage, sizeof(kImage), 0), ASRC_INVALID_ARGUMENT,
             "tiny: the device is host but libtiny.so was compiled with --target=cuda only");
  ModelHolder b{weightlessModel(ASRC_DEVICE_CUDA)};
  EXPECT_ERR(asrc_rt_model_set_cuda(b.m, nullptr, 0, 1), ASRC_INVALID_ARGUMENT,
             "tiny: the device is cuda but libtiny.so has no CUDA code");
  ModelHolder c{weightlessModel(7)};
  EXPECT_ERR(asrc_rt_model_set_cuda(c.m, kImage, sizeof(kImage), 1), ASRC_INVALID_ARGUMENT,
             "options.device is 7 (expected 0 auto, 1 host, 2 cuda)");
  EXPECT_ERR(asrc_rt_model_set_cuda(nullptr, kImage, sizeof(kImage), 1), ASRC_INVALID_ARGUMENT,
             "the model is NULL");
}

TEST(RuntimeCuda, DeviceFromTheEnvironment) {
  NoCudaDriver env;
  setenv("ASRC_DEVICE", "host", 1);
  ModelHolder a{weightlessModel(ASRC_DEVICE_AUTO)};
  EXPECT_OK(asrc_rt_model_set_cuda(a.m, kImage, sizeof(kImage), 1));
  EXPECT_EQ(asrc_rt_model_on_cuda(a.m), 0);
  setenv("ASRC_DEVICE", "tpu", 1);
  ModelHolder b{weightlessModel(ASRC_DEVICE_AUTO)};
  EXPECT_ERR(asrc_rt_model_set_cuda(b.m, kImage, sizeof(kImage), 1), ASRC_INVALID_ARGUMENT,
             "ASRC_DEVICE is 'tpu' (expected host, cuda or auto)");
  // An explicit option wins over the environment.
  setenv("ASRC_DEVICE", "cuda", 1);
  ModelHolder c{weightlessModel(ASRC_DEVICE_HOST)};
  EXPECT_OK(asrc_rt_model_set_cuda(c.m, kImage, sizeof(kImage), 1));
  unsetenv("ASRC_DEVICE");
}

//===----------------------------------------------------------------------===//
// The C boundary: every argument of the public API is checked (issue 9)
//===----------------------------------------------------------------------===//

namespace {

using OwnedTranscripts = asrctest::Transcripts;
using asrctest::tensor3;

asrc_error *identityEntry(asrc_model *, const asrc_tensor *const *in, asrc_tensor *const *out) {
  int64_t n = in[0]->shape[0];
  return asrc_tensor_alloc(ASRC_F32, 1, &n, out[0]);
}

} // namespace

TEST(RuntimeBoundary, CtcDecodeChecksTheLogProbsTensor) {
  std::vector<float> lp(2 * 3 * 4, -1.f);
  OwnedTranscripts out;
  asrc_tensor x = tensor3(lp, 2, 3, 4);
  x.data = nullptr; // used to be dereferenced
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'log_probs' has NULL data");
  x = tensor3(lp, -2, 3, 4); // used to size a vector with it
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'log_probs' has shape [-2, 3, 4]: dim 0 is negative");
  x = tensor3(lp, 2, 3, 4); // a negative stride: reads before the buffer
  x.strides[0] = -12;
  x.strides[1] = 4;
  x.strides[2] = 1;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'log_probs' has strides [-12, 4, 1]");
  x = tensor3(lp, int64_t(1) << 40, int64_t(1) << 40, 4); // B * T * V overflows
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'log_probs' has shape [1099511627776, 1099511627776, 4]: "
             "too many elements");
  x = tensor3(lp, 2, 3, 4);
  x.dtype = static_cast<asrc_dtype>(42);
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: log_probs must be f32 [B, T, V], got dtype(42) of rank 3");
  x = tensor3(lp, 2, 3, 4);
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, -1, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: blank -1 is not a token of the vocabulary of 4");
  EXPECT_OK(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t));
}

TEST(RuntimeBoundary, CtcDecodeChecksTheLengthsTensor) {
  std::vector<float> lp(2 * 3 * 4, -1.f);
  asrc_tensor x = tensor3(lp, 2, 3, 4);
  OwnedTranscripts out;
  int32_t len[2] = {3, 2};
  asrc_tensor l{};
  l.dtype = ASRC_I32;
  l.rank = 1;
  l.shape[0] = 2;
  l.data = nullptr; // used to be dereferenced
  EXPECT_ERR(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'lengths' has NULL data");
  l.data = len;
  l.strides[0] = -1; // reads before the buffer
  EXPECT_ERR(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: input 'lengths' has strides [-1] for shape [2]");
  l.strides[0] = 0;
  l.rank = 1000; // used to print 1000 dims of a shape of 8
  EXPECT_ERR(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: lengths must be i32 or i64 [2], got i32 of rank 1000");
  l.rank = 1;
  EXPECT_OK(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t));
  asrc_transcripts_free(&out.t); // the next call overwrites `out`
  len[1] = -1;
  EXPECT_ERR(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: lengths[1] = -1 is outside [0, 3]");
}

TEST(RuntimeBoundary, DecodeOptionsNameTheFunctionAndTheOption) {
  std::vector<float> lp(1 * 2 * 3, -1.f);
  asrc_tensor x = tensor3(lp, 1, 2, 3);
  OwnedTranscripts out;
  asrc_decode_options o{};
  o.beam_width = -1;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: options: beam_width -1, max_length 0 and nbest 0 must not be "
             "negative");
  o.beam_width = 0;
  o.max_length = -5;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: options: beam_width 0, max_length -5");
  o.max_length = 0;
  o.beam_width = 2;
  o.nbest = 3;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: options: nbest 3 is more than beam_width 2");
  // A beam that only exhausts memory (prefix beam search keeps up to
  // beam_width prefixes, attention decoding runs B * beam_width rows).
  o.nbest = 1;
  o.beam_width = INT32_MAX;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: options: beam_width 2147483647 is more than the supported 4096");
  o.beam_width = 4096;
  EXPECT_OK(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t));
  asrc_transcripts_free(&out.t); // the next call overwrites `out`
  o.beam_width = 1;
  o.length_penalty = NAN;
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: options: length_penalty must be finite");
  EXPECT_ERR(asrc_ctc_decode(&x, nullptr, 0, nullptr, nullptr), ASRC_INVALID_ARGUMENT,
             "asrc_ctc_decode: out is NULL");
}

TEST(RuntimeBoundary, ModelCallAndDecodeNameTheNullArgument) {
  ModelHolder h;
  EXPECT_OK(asrc_rt_model_create("fake", nullptr, 0, nullptr, nullptr, &h.m));
  static const int64_t dims[] = {-1};
  static const char *const syms[] = {"N"};
  static const asrc_rt_port ins[] = {{"x", ASRC_F32, 1, dims, syms}};
  static const asrc_rt_port outs[] = {{"y", ASRC_F32, 1, nullptr, nullptr}};
  static const asrc_rt_entry entries[] = {{"ident", 1, 1, ins, outs, identityEntry}};
  asrc_rt_model_set_program(h.m, entries, 1, nullptr);
  float data[2] = {1, 2};
  asrc_tensor x{};
  x.dtype = ASRC_F32;
  x.rank = 1;
  x.shape[0] = 2;
  x.data = data;
  asrc_tensor y{};
  const asrc_tensor *in[] = {&x};
  asrc_tensor *out[] = {&y};
  EXPECT_ERR(asrc_model_call(nullptr, "ident", in, 1, out, 1), ASRC_INVALID_ARGUMENT,
             "asrc_model_call: model is NULL");
  EXPECT_ERR(asrc_model_call(h.m, nullptr, in, 1, out, 1), ASRC_INVALID_ARGUMENT,
             "asrc_model_call: the entry name is NULL");
  EXPECT_ERR(asrc_model_call(h.m, "ident", nullptr, 1, out, 1), ASRC_INVALID_ARGUMENT,
             "asrc_model_call: ident: the inputs array is NULL (1 inputs)");
  EXPECT_ERR(asrc_model_call(h.m, "ident", in, 1, nullptr, 1), ASRC_INVALID_ARGUMENT,
             "asrc_model_call: ident: the outputs array is NULL (1 outputs)");
  EXPECT_ERR(asrc_model_call(h.m, "ident", in, 1, out, 0), ASRC_INVALID_ARGUMENT,
             "fake: ident takes 1 inputs and 1 outputs, got 1 and 0");
  EXPECT_ERR(asrc_model_call(h.m, "", in, 1, out, 1), ASRC_INVALID_ARGUMENT,
             "fake: no entry point '' (has: ident)");
  EXPECT_OK(asrc_model_call(h.m, "ident", in, 1, out, 1));
  asrc_tensor_free(&y);

  OwnedTranscripts t;
  EXPECT_ERR(asrc_decode(nullptr, in, 1, nullptr, &t.t), ASRC_INVALID_ARGUMENT,
             "asrc_decode: model is NULL");
  EXPECT_ERR(asrc_decode(h.m, in, 1, nullptr, nullptr), ASRC_INVALID_ARGUMENT,
             "asrc_decode: out is NULL");
}

TEST(RuntimeBoundary, HugeShapesAreRejectedWithoutOverflow) {
  // Dims whose dense strides overflow int64 (an empty tensor: one dim is 0,
  // so the element count is 0 but the other dims' product is not).
  float data[1] = {0};
  asrc_tensor t{};
  t.dtype = ASRC_F32;
  t.rank = 3;
  t.shape[0] = int64_t(1) << 40;
  t.shape[1] = int64_t(1) << 40;
  t.shape[2] = 4;
  t.data = data;
  static const int64_t dims[] = {-1, -1, -1};
  EXPECT_ERR(asrc_rt_check_input(&t, "encode", "x", ASRC_F32, 3, dims, nullptr, nullptr),
             ASRC_INVALID_ARGUMENT, "encode: input 'x' has shape [1099511627776, "
                                    "1099511627776, 4]: too many elements");
  // A caller's output of that shape is not dense-checkable by a product.
  EXPECT_EQ(asrc_rt_tensor_is_dense(&t), 1);
  t.strides[0] = 1;
  t.strides[1] = 1;
  t.strides[2] = 1;
  EXPECT_EQ(asrc_rt_tensor_is_dense(&t), 0);
  // Strides whose view spans more than int64.
  t.shape[0] = 3;
  t.shape[1] = 3;
  t.strides[0] = INT64_MAX / 2;
  t.strides[1] = 1;
  EXPECT_ERR(asrc_rt_check_input(&t, "encode", "x", ASRC_F32, 3, dims, nullptr, nullptr),
             ASRC_INVALID_ARGUMENT, "encode: input 'x' has stride 4611686018427387903 on dim 0");
}
