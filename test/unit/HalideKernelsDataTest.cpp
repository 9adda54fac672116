//===- HalideKernelsDataTest.cpp - data/elementwise Halide kernels vs loops ===//
//
// Each kind of KernelsData.cpp, JIT-compiled for the host, against a plain C++
// reference loop (in double where it matters) on random inputs. Descs use
// dynamic dims where the models do, so one compiled kernel serves every shape
// of a test: extent 1, non-multiples of the vector width, and larger ones.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace asr::kernels;

namespace {

using Dims = std::vector<int64_t>;
constexpr int64_t kDyn = -1;

/// A dense row-major tensor. Its memory is exactly the dense Halide buffer
/// with the dims reversed, so view() wraps it without copying.
template <typename T> struct Tensor {
  Dims dims;
  std::vector<T> data;

  explicit Tensor(Dims d = {}) : dims(std::move(d)), data(numel(dims)) {}
  static size_t numel(const Dims &d) {
    size_t n = 1;
    for (int64_t e : d)
      n *= static_cast<size_t>(e);
    return n;
  }
  size_t size() const { return data.size(); }
  /// Row-major flat offset of an index.
  size_t at(const std::vector<int64_t> &idx) const {
    size_t off = 0;
    for (size_t i = 0; i < dims.size(); ++i)
      off = off * dims[i] + idx[i];
    return off;
  }
  /// The index of a row-major flat offset.
  std::vector<int64_t> index(size_t flat) const {
    std::vector<int64_t> idx(dims.size());
    for (size_t i = dims.size(); i-- > 0;) {
      idx[i] = static_cast<int64_t>(flat % dims[i]);
      flat /= dims[i];
    }
    return idx;
  }
  Halide::Buffer<T> view() {
    std::vector<int> sizes(dims.rbegin(), dims.rend());
    return Halide::Buffer<T>(data.data(), sizes);
  }
};

std::mt19937 &rng() {
  static std::mt19937 g(1234);
  return g;
}

Tensor<float> randomF(const Dims &d, float lo = -4.f, float hi = 4.f) {
  Tensor<float> t(d);
  std::uniform_real_distribution<float> u(lo, hi);
  for (float &v : t.data)
    v = u(rng());
  return t;
}

template <typename T> Tensor<T> randomI(const Dims &d, int64_t lo, int64_t hi) {
  Tensor<T> t(d);
  std::uniform_int_distribution<int64_t> u(lo, hi);
  for (T &v : t.data)
    v = static_cast<T>(u(rng()));
  return t;
}

TensorDesc desc(ElemType t, Dims d) { return TensorDesc{t, std::move(d)}; }
TensorDesc f32(Dims d) { return desc(ElemType::F32, std::move(d)); }

/// Record of the worst error per check, printed at the end of each test so
/// the numbers can be quoted.
void report(const std::string &what, double err) {
  std::printf("[ max abs error ] %-40s %.3g\n", what.c_str(), err);
}

/// One kernel, JIT-compiled once, run on many shapes.
class Jit {
public:
  explicit Jit(const KernelDesc &d, const Schedule *s = nullptr)
      : target_(Halide::get_host_target()), k_(buildKernel(d, target_, s)) {
    k_.pipeline.compile_jit(target_);
  }
  /// Binds the inputs (in desc order) and realizes into `out`.
  template <typename O> void run(std::vector<Halide::Buffer<>> ins, Tensor<O> &out) {
    ASSERT_EQ(ins.size(), k_.inputs.size());
    for (size_t i = 0; i < ins.size(); ++i)
      k_.inputs[i].set(ins[i]);
    Halide::Buffer<O> o = out.view();
    k_.pipeline.realize(Halide::Realization({o}), target_);
  }

private:
  Halide::Target target_;
  BuiltKernel k_;
};

template <typename A, typename B> double maxAbsDiff(const Tensor<A> &got, const std::vector<B> &want) {
  EXPECT_EQ(got.size(), want.size());
  double err = 0;
  for (size_t i = 0; i < got.size() && i < want.size(); ++i) {
    double e = std::fabs(double(got.data[i]) - double(want[i]));
    if (std::isnan(e))
      return INFINITY;
    err = std::max(err, e);
  }
  return err;
}

template <typename T> void expectEqual(const Tensor<T> &got, const std::vector<T> &want, const std::string &what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_EQ(got.data[i], want[i]) << what << " at flat " << i;
}

/// Shapes with extent 1 and non-multiples of 16 in every position.
const std::vector<Dims> kShapes3 = {{1, 1, 1}, {2, 3, 17}, {1, 5, 16}, {3, 7, 50}, {2, 33, 384}};

//===----------------------------------------------------------------------===//
// Unary and Scale
//===----------------------------------------------------------------------===//

struct UnaryCase {
  const char *fn;
  std::function<double(double)> ref;
  float lo, hi;
  double tol;
};

double gelu(double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }
double geluTanh(double x) {
  return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

TEST(HalideKernelsData, Unary) {
  const std::vector<UnaryCase> cases = {
      {"relu", [](double x) { return std::max(x, 0.0); }, -4, 4, 1e-5},
      {"gelu", gelu, -6, 6, 1e-4},
      {"gelu_tanh", geluTanh, -6, 6, 1e-4},
      {"tanh", [](double x) { return std::tanh(x); }, -12, 12, 1e-4},
      {"sigmoid", [](double x) { return 1 / (1 + std::exp(-x)); }, -20, 20, 1e-5},
      {"silu", [](double x) { return x / (1 + std::exp(-x)); }, -20, 20, 1e-5},
      {"exp", [](double x) { return std::exp(x); }, -4, 3, 1e-5},
      {"log", [](double x) { return std::log(x); }, 0.01f, 8, 1e-5},
      {"neg", [](double x) { return -x; }, -4, 4, 1e-5},
      {"sqrt", [](double x) { return std::sqrt(x); }, 0, 8, 1e-5},
      {"rsqrt", [](double x) { return 1 / std::sqrt(x); }, 0.05f, 8, 1e-5},
  };
  for (const UnaryCase &c : cases) {
    KernelDesc d{KernelKind::Unary, c.fn, {f32({kDyn, kDyn, kDyn})}, {f32({kDyn, kDyn, kDyn})}};
    Jit k(d);
    double err = 0;
    for (const Dims &s : kShapes3) {
      Tensor<float> x = randomF(s, c.lo, c.hi), y(s);
      k.run({x.view()}, y);
      std::vector<double> want(x.size());
      for (size_t i = 0; i < x.size(); ++i)
        want[i] = c.ref(x.data[i]);
      err = std::max(err, maxAbsDiff(y, want));
    }
    report(std::string("Unary ") + c.fn, err);
    EXPECT_LE(err, c.tol) << c.fn;
  }
}

TEST(HalideKernelsData, UnaryStaticChannels) {
  // A static innermost dim (the common case): one more schedule shape.
  KernelDesc d{KernelKind::Unary, "gelu", {f32({kDyn, kDyn, 384})}, {f32({kDyn, kDyn, 384})}};
  Jit k(d);
  Tensor<float> x = randomF({2, 9, 384}), y({2, 9, 384});
  k.run({x.view()}, y);
  std::vector<double> want(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    want[i] = gelu(x.data[i]);
  double err = maxAbsDiff(y, want);
  report("Unary gelu [?,?,384]", err);
  EXPECT_LE(err, 1e-5);
}

TEST(HalideKernelsData, Scale) {
  KernelDesc d{KernelKind::Scale, "", {f32({kDyn, kDyn, kDyn})}, {f32({kDyn, kDyn, kDyn})}};
  d.floats["factor"] = 0.125;
  Jit k(d);
  for (const Dims &s : kShapes3) {
    Tensor<float> x = randomF(s), y(s);
    k.run({x.view()}, y);
    std::vector<double> want(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      want[i] = x.data[i] * 0.125;
    EXPECT_LE(maxAbsDiff(y, want), 1e-6);
  }
}

//===----------------------------------------------------------------------===//
// Binary with broadcasting
//===----------------------------------------------------------------------===//

/// NumPy broadcasting reference: out dims from both shapes.
template <typename T>
std::vector<T> broadcastRef(const Tensor<T> &a, const Tensor<T> &b, const Dims &out,
                            const std::function<T(T, T)> &f) {
  Tensor<T> o(out);
  std::vector<T> r(o.size());
  auto pick = [&](const Tensor<T> &t, const std::vector<int64_t> &oi) {
    size_t off = 0, shift = out.size() - t.dims.size();
    for (size_t i = 0; i < t.dims.size(); ++i)
      off = off * t.dims[i] + (t.dims[i] == 1 ? 0 : oi[i + shift]);
    return t.data[off];
  };
  for (size_t i = 0; i < o.size(); ++i) {
    std::vector<int64_t> oi = o.index(i);
    r[i] = f(pick(a, oi), pick(b, oi));
  }
  return r;
}

struct BinaryShapes {
  Dims lhsDesc, rhsDesc, outDesc;
  std::vector<std::array<Dims, 3>> runs; ///< lhs, rhs, out
};

TEST(HalideKernelsData, BinaryFloatBroadcast) {
  const std::vector<BinaryShapes> shapes = {
      // [B,T,C] + [C]
      {{kDyn, kDyn, kDyn}, {kDyn}, {kDyn, kDyn, kDyn},
       {{Dims{1, 1, 1}, Dims{1}, Dims{1, 1, 1}},
        {Dims{2, 5, 17}, Dims{17}, Dims{2, 5, 17}},
        {Dims{3, 4, 384}, Dims{384}, Dims{3, 4, 384}}}},
      // [B,1,T] * [B,T,1] -> [B,T,T]
      {{kDyn, 1, kDyn}, {kDyn, kDyn, 1}, {kDyn, kDyn, kDyn},
       {{Dims{1, 1, 1}, Dims{1, 1, 1}, Dims{1, 1, 1}},
        {Dims{2, 1, 19}, Dims{2, 19, 1}, Dims{2, 19, 19}},
        {Dims{1, 1, 40}, Dims{1, 40, 1}, Dims{1, 40, 40}}}},
      // [B,T,C] - [B,T,1] (a static channel dim)
      {{kDyn, kDyn, 64}, {kDyn, kDyn, 1}, {kDyn, kDyn, 64},
       {{Dims{1, 1, 64}, Dims{1, 1, 1}, Dims{1, 1, 64}},
        {Dims{2, 7, 64}, Dims{2, 7, 1}, Dims{2, 7, 64}}}},
      // [H,T,T] + [T,T] (rank 3 with rank 2)
      {{kDyn, kDyn, kDyn}, {kDyn, kDyn}, {kDyn, kDyn, kDyn},
       {{Dims{6, 13, 13}, Dims{13, 13}, Dims{6, 13, 13}}}},
  };
  struct Fn {
    const char *name;
    std::function<float(float, float)> f;
  };
  const std::vector<Fn> fns = {
      {"add", [](float a, float b) { return a + b; }},
      {"sub", [](float a, float b) { return a - b; }},
      {"mul", [](float a, float b) { return a * b; }},
      {"div", [](float a, float b) { return a / b; }},
      {"max", [](float a, float b) { return std::max(a, b); }},
  };
  for (size_t si = 0; si < shapes.size(); ++si) {
    const BinaryShapes &bs = shapes[si];
    // Every fn on the first two shape families; add and sub on the rest.
    for (const Fn &fn : fns) {
      if (si >= 2 && std::string(fn.name) != "add" && std::string(fn.name) != "sub")
        continue;
      KernelDesc d{KernelKind::Binary, fn.name, {f32(bs.lhsDesc), f32(bs.rhsDesc)}, {f32(bs.outDesc)}};
      Jit k(d);
      for (const auto &run : bs.runs) {
        Tensor<float> a = randomF(run[0]), b = randomF(run[1], 0.5f, 4.f), y(run[2]);
        k.run({a.view(), b.view()}, y);
        std::vector<float> want = broadcastRef<float>(a, b, run[2], fn.f);
        EXPECT_LE(maxAbsDiff(y, want), 1e-5) << fn.name << " family " << si;
      }
    }
  }
}

TEST(HalideKernelsData, BinaryIntLengths) {
  // int32 length arithmetic: (len - k) / s + 1, max(len, 0), with a [1]
  // operand broadcast and Halide's floor division for negatives.
  {
    KernelDesc d{KernelKind::Binary, "div", {desc(ElemType::I32, {kDyn}), desc(ElemType::I32, {1})},
                 {desc(ElemType::I32, {kDyn})}};
    Jit k(d);
    for (int64_t n : {1, 5, 33}) {
      Tensor<int32_t> a = randomI<int32_t>({n}, -50, 3000), b({1}), y({n});
      b.data[0] = 4;
      k.run({a.view(), b.view()}, y);
      std::vector<int32_t> want(n);
      for (int64_t i = 0; i < n; ++i) // floor division
        want[i] = static_cast<int32_t>(std::floor(a.data[i] / 4.0));
      expectEqual(y, want, "i32 div");
    }
  }
  struct Fn {
    const char *name;
    std::function<int64_t(int64_t, int64_t)> f;
  };
  const std::vector<Fn> fns = {{"add", [](int64_t a, int64_t b) { return a + b; }},
                               {"sub", [](int64_t a, int64_t b) { return a - b; }},
                               {"mul", [](int64_t a, int64_t b) { return a * b; }},
                               {"max", [](int64_t a, int64_t b) { return std::max(a, b); }}};
  for (const Fn &fn : fns) {
    KernelDesc d32{KernelKind::Binary, fn.name, {desc(ElemType::I32, {kDyn}), desc(ElemType::I32, {kDyn})},
                   {desc(ElemType::I32, {kDyn})}};
    Jit k32(d32);
    for (int64_t n : {1, 7, 40}) {
      Tensor<int32_t> a = randomI<int32_t>({n}, -1000, 3000), b = randomI<int32_t>({n}, -1000, 1000), y({n});
      k32.run({a.view(), b.view()}, y);
      std::vector<int32_t> want(n);
      for (int64_t i = 0; i < n; ++i)
        want[i] = static_cast<int32_t>(fn.f(a.data[i], b.data[i]));
      expectEqual(y, want, std::string("i32 ") + fn.name);
    }
    // int64, different ranks: [B,T] op [T]
    KernelDesc d64{KernelKind::Binary, fn.name, {desc(ElemType::I64, {kDyn, kDyn}), desc(ElemType::I64, {kDyn})},
                   {desc(ElemType::I64, {kDyn, kDyn})}};
    Jit k64(d64);
    for (Dims s : {Dims{1, 1}, Dims{3, 11}}) {
      Tensor<int64_t> a = randomI<int64_t>(s, -(int64_t(1) << 40), int64_t(1) << 40),
                      b = randomI<int64_t>({s[1]}, -100000, 100000), y(s);
      k64.run({a.view(), b.view()}, y);
      std::vector<int64_t> want = broadcastRef<int64_t>(a, b, s, fn.f);
      expectEqual(y, want, std::string("i64 ") + fn.name);
    }
  }
}

TEST(HalideKernelsData, BinaryScalarOperand) {
  // A rank-0 operand broadcasts everywhere.
  KernelDesc d{KernelKind::Binary, "mul", {f32({kDyn, kDyn}), f32({})}, {f32({kDyn, kDyn})}};
  Jit k(d);
  Tensor<float> a = randomF({3, 19}), b(Dims{}), y({3, 19});
  b.data[0] = -1.5f;
  k.run({a.view(), b.view()}, y);
  std::vector<float> want(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    want[i] = a.data[i] * -1.5f;
  EXPECT_LE(maxAbsDiff(y, want), 1e-6);
}

TEST(HalideKernelsData, Float16) {
  // f16 tensors compute in f32 and round once at the end.
  KernelDesc d{KernelKind::Unary, "gelu", {desc(ElemType::F16, {kDyn, kDyn})}, {desc(ElemType::F16, {kDyn, kDyn})}};
  Jit k(d);
  Tensor<Halide::float16_t> x({5, 37}), y({5, 37});
  Tensor<float> xf = randomF({5, 37});
  for (size_t i = 0; i < x.size(); ++i)
    x.data[i] = Halide::float16_t(xf.data[i]);
  k.run({x.view()}, y);
  double err = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    double want = gelu(double(x.data[i]));
    err = std::max(err, std::fabs(double(y.data[i]) - want));
  }
  report("Unary gelu f16 (f16 rounding)", err);
  EXPECT_LE(err, 4e-3); // half an f16 ulp at |y| < 4
}

//===----------------------------------------------------------------------===//
// Transpose, Copy, Concat, Slice
//===----------------------------------------------------------------------===//

template <typename T> std::vector<T> transposeRef(const Tensor<T> &x, const std::vector<int64_t> &perm) {
  Dims od;
  for (int64_t p : perm)
    od.push_back(x.dims[p]);
  Tensor<T> o(od);
  for (size_t i = 0; i < o.size(); ++i) {
    std::vector<int64_t> oi = o.index(i), xi(perm.size());
    for (size_t k = 0; k < perm.size(); ++k)
      xi[perm[k]] = oi[k];
    o.data[i] = x.data[x.at(xi)];
  }
  return o.data;
}

TEST(HalideKernelsData, Transpose) {
  struct Case {
    Dims inDesc;
    std::vector<int64_t> perm;
    std::vector<Dims> shapes;
  };
  const std::vector<Case> cases = {
      // split heads: [B,T,H,D] -> [B,H,T,D] (innermost kept: row schedule)
      {{kDyn, kDyn, 6, 64}, {0, 2, 1, 3}, {{1, 1, 6, 64}, {2, 37, 6, 64}}},
      // [B,T,C] -> [B,C,T] (innermost moves: tiled)
      {{kDyn, kDyn, kDyn}, {0, 2, 1}, {{1, 1, 1}, {2, 37, 50}, {1, 100, 16}, {3, 5, 70}}},
      // static C, rank 2
      {{kDyn, 80}, {1, 0}, {{1, 80}, {45, 80}}},
      // everything moves
      {{kDyn, kDyn, kDyn, kDyn}, {2, 3, 0, 1}, {{2, 3, 4, 5}, {1, 17, 1, 33}}},
  };
  for (const Case &c : cases) {
    Dims outDesc;
    for (int64_t p : c.perm)
      outDesc.push_back(c.inDesc[p]);
    KernelDesc d{KernelKind::Transpose, "", {f32(c.inDesc)}, {f32(outDesc)}};
    d.lists["perm"] = c.perm;
    Jit k(d);
    for (const Dims &s : c.shapes) {
      Tensor<float> x = randomF(s);
      Dims od;
      for (int64_t p : c.perm)
        od.push_back(s[p]);
      Tensor<float> y(od);
      k.run({x.view()}, y);
      expectEqual(y, transposeRef(x, c.perm), "transpose");
    }
  }
}

TEST(HalideKernelsData, TransposeInt32AndKnobs) {
  // int32 payload, the untiled schedule, and the naive one agree.
  for (int variant = 0; variant < 3; ++variant) {
    KernelDesc d{KernelKind::Transpose, "", {desc(ElemType::I32, {kDyn, kDyn, kDyn})},
                 {desc(ElemType::I32, {kDyn, kDyn, kDyn})}};
    d.lists["perm"] = {1, 2, 0};
    Schedule s;
    if (variant == 1)
      s.knobs = {{"tile", 0}, {"vector_width", 4}};
    if (variant == 2)
      s.knobs = {{"naive", 1}};
    Jit k(d, &s);
    for (Dims sh : {Dims{1, 1, 1}, Dims{5, 19, 33}}) {
      Tensor<int32_t> x = randomI<int32_t>(sh, -100, 100), y({sh[1], sh[2], sh[0]});
      k.run({x.view()}, y);
      expectEqual(y, transposeRef(x, {1, 2, 0}), "transpose i32 variant " + std::to_string(variant));
    }
  }
}

TEST(HalideKernelsData, CopyReshape) {
  struct Case {
    Dims inDesc, outDesc;
    std::vector<std::pair<Dims, Dims>> shapes;
  };
  const std::vector<Case> cases = {
      // split heads [B,T,384] -> [B,T,6,64] (two dynamic output dims)
      {{kDyn, kDyn, 384}, {kDyn, kDyn, 6, 64}, {{{1, 1, 384}, {1, 1, 6, 64}}, {{2, 13, 384}, {2, 13, 6, 64}}}},
      // merge heads [B,T,6,64] -> [B,T,384]
      {{kDyn, kDyn, 6, 64}, {kDyn, kDyn, 384}, {{{2, 13, 6, 64}, {2, 13, 384}}}},
      // [B,T,384] -> [B,T*6,64]: a dynamic output dim that is not an input dim
      {{kDyn, kDyn, 384}, {kDyn, kDyn, 64}, {{{2, 5, 384}, {2, 30, 64}}, {{1, 1, 384}, {1, 6, 64}}}},
      // fully dynamic, odd sizes: [?,?] -> [?,?,?]
      {{kDyn, kDyn}, {kDyn, kDyn, kDyn}, {{{6, 35}, {3, 7, 10}}, {{1, 1}, {1, 1, 1}}}},
  };
  for (const Case &c : cases) {
    KernelDesc d{KernelKind::Copy, "", {f32(c.inDesc)}, {f32(c.outDesc)}};
    Jit k(d);
    for (const auto &[is, os] : c.shapes) {
      Tensor<float> x = randomF(is), y(os);
      k.run({x.view()}, y);
      expectEqual(y, x.data, "copy");
    }
  }
}

template <typename T> std::vector<T> concatRef(const std::vector<Tensor<T>> &xs, int axis, const Dims &out) {
  Tensor<T> o(out);
  for (size_t i = 0; i < o.size(); ++i) {
    std::vector<int64_t> oi = o.index(i);
    int64_t pos = oi[axis];
    for (const Tensor<T> &x : xs) {
      if (pos < x.dims[axis]) {
        oi[axis] = pos;
        o.data[i] = x.data[x.at(oi)];
        break;
      }
      pos -= x.dims[axis];
    }
  }
  return o.data;
}

TEST(HalideKernelsData, Concat) {
  struct Case {
    std::vector<Dims> inDescs;
    int64_t axis; ///< as in the desc (may be negative)
    std::vector<std::vector<Dims>> shapes;
  };
  const std::vector<Case> cases = {
      // features: [B,T,64] ++ [B,T,256] along -1
      {{{kDyn, kDyn, 64}, {kDyn, kDyn, 256}}, -1, {{{1, 1, 64}, {1, 1, 256}}, {{2, 9, 64}, {2, 9, 256}}}},
      // three inputs, dynamic, innermost axis
      {{{kDyn, kDyn}, {kDyn, kDyn}, {kDyn, kDyn}}, 1, {{{3, 5}, {3, 1}, {3, 17}}, {{1, 1}, {1, 1}, {1, 1}}}},
      // time: [B,T1,D] ++ [B,T2,D] along 1
      {{{kDyn, kDyn, 24}, {kDyn, kDyn, 24}}, 1, {{{2, 3, 24}, {2, 1, 24}}, {{1, 1, 24}, {1, 40, 24}}}},
      // batch: along 0
      {{{kDyn, kDyn}, {kDyn, kDyn}}, 0, {{{2, 19}, {3, 19}}, {{1, 1}, {1, 1}}}},
      // rank 4, axis 2 of 4 (a middle dim)
      {{{kDyn, kDyn, kDyn, kDyn}, {kDyn, kDyn, kDyn, kDyn}}, 2, {{{2, 3, 4, 5}, {2, 3, 2, 5}}}},
  };
  for (bool naive : {false, true}) {
    for (const Case &c : cases) {
      int rank = static_cast<int>(c.inDescs[0].size());
      int axis = static_cast<int>(c.axis < 0 ? c.axis + rank : c.axis);
      Dims outDesc = c.inDescs[0];
      outDesc[axis] = 0;
      for (const Dims &dd : c.inDescs)
        outDesc[axis] = (dd[axis] == kDyn || outDesc[axis] == kDyn) ? kDyn : outDesc[axis] + dd[axis];
      KernelDesc d{KernelKind::Concat, "", {}, {f32(outDesc)}};
      for (const Dims &dd : c.inDescs)
        d.inputs.push_back(f32(dd));
      d.ints["axis"] = c.axis;
      Schedule s{{{"naive", naive ? 1 : 0}}};
      Jit k(d, &s);
      for (const std::vector<Dims> &shs : c.shapes) {
        std::vector<Tensor<float>> xs;
        std::vector<Halide::Buffer<>> bufs;
        Dims od = shs[0];
        od[axis] = 0;
        for (const Dims &sh : shs) {
          xs.push_back(randomF(sh));
          od[axis] += sh[axis];
        }
        for (Tensor<float> &x : xs)
          bufs.push_back(x.view());
        Tensor<float> y(od);
        k.run(bufs, y);
        expectEqual(y, concatRef(xs, axis, od), "concat axis " + std::to_string(axis));
      }
    }
  }
}

TEST(HalideKernelsData, Slice) {
  struct Case {
    Dims inDesc;
    int64_t axis, start, step;
    std::vector<Dims> shapes; ///< input shapes; the output length follows
  };
  const std::vector<Case> cases = {
      {{kDyn, kDyn, 80}, 1, 0, 2, {{1, 1, 80}, {2, 37, 80}}},  // frame subsampling
      {{kDyn, kDyn, kDyn}, 2, 3, 1, {{2, 3, 4}, {1, 5, 40}}},    // innermost, offset
      {{kDyn, kDyn}, 1, 1, 3, {{3, 2}, {4, 50}}},                // innermost, strided
      {{kDyn, kDyn, 16}, 0, 1, 1, {{2, 3, 16}, {5, 1, 16}}},     // batch
  };
  for (const Case &c : cases) {
    KernelDesc d{KernelKind::Slice, "", {f32(c.inDesc)}, {f32(c.inDesc)}};
    d.outputs[0].dims[c.axis] = kDyn;
    d.ints = {{"axis", c.axis}, {"start", c.start}, {"step", c.step}};
    Jit k(d);
    for (const Dims &s : c.shapes) {
      Dims od = s;
      od[c.axis] = (s[c.axis] - c.start + c.step - 1) / c.step;
      Tensor<float> x = randomF(s), y(od);
      k.run({x.view()}, y);
      std::vector<float> want(y.size());
      for (size_t i = 0; i < y.size(); ++i) {
        std::vector<int64_t> idx = y.index(i);
        idx[c.axis] = c.start + c.step * idx[c.axis];
        want[i] = x.data[x.at(idx)];
      }
      expectEqual(y, want, "slice axis " + std::to_string(c.axis));
    }
  }
}

//===----------------------------------------------------------------------===//
// UpdateSlice, Embedding
//===----------------------------------------------------------------------===//

std::vector<float> updateSliceRef(const Tensor<float> &dest, const Tensor<float> &upd,
                                  const std::vector<int64_t> &pos) {
  std::vector<float> r = dest.data;
  for (size_t i = 0; i < r.size(); ++i) {
    std::vector<int64_t> idx = dest.index(i);
    int64_t l = idx[1] - pos[idx[0]];
    if (l >= 0 && l < upd.dims[1]) {
      idx[1] = l;
      r[i] = upd.data[upd.at(idx)];
    }
  }
  return r;
}

TEST(HalideKernelsData, UpdateSlice) {
  // A KV cache: dest [B,20,24], update [B,n,24], position [B].
  KernelDesc d{KernelKind::UpdateSlice, "",
               {f32({kDyn, 20, 24}), f32({kDyn, kDyn, 24}), desc(ElemType::I32, {kDyn})},
               {f32({kDyn, 20, 24})}};
  Jit k(d);
  struct Run {
    int64_t b, n;
    std::vector<int32_t> pos;
  };
  // Edges (0, L-n), and out-of-range positions (partial overlap or none):
  // nothing crashes and only rows inside [0, L) change.
  for (const Run &r : {Run{1, 1, {0}}, Run{3, 1, {5, 19, 0}}, Run{2, 3, {17, 4}},
                       Run{3, 4, {-2, 18, 100}}}) {
    Tensor<float> dest = randomF({r.b, 20, 24}), upd = randomF({r.b, r.n, 24}), y({r.b, 20, 24});
    Tensor<int32_t> pos({r.b});
    pos.data = r.pos;
    k.run({dest.view(), upd.view(), pos.view()}, y);
    std::vector<int64_t> p(r.pos.begin(), r.pos.end());
    expectEqual(y, updateSliceRef(dest, upd, p), "update_slice");
    // In place: the output aliases dest, as the buffer planner arranges.
    std::vector<float> want = updateSliceRef(dest, upd, p);
    k.run({dest.view(), upd.view(), pos.view()}, dest);
    expectEqual(dest, want, "update_slice in place");
  }
}

TEST(HalideKernelsData, Embedding) {
  // int32 tokens [B,T], and int64 tokens [N], table [50, 40].
  const int64_t V = 50, D = 40;
  Tensor<float> table = randomF({V, D});
  auto check = [&](const auto &tok, const Tensor<float> &y, const char *what) {
    std::vector<float> want(y.size());
    for (size_t i = 0; i < tok.size(); ++i) {
      int64_t id = std::clamp<int64_t>(tok.data[i], 0, V - 1);
      for (int64_t c = 0; c < D; ++c)
        want[i * D + c] = table.data[id * D + c];
    }
    expectEqual(y, want, what);
  };
  {
    KernelDesc d{KernelKind::Embedding, "", {desc(ElemType::I32, {kDyn, kDyn}), f32({V, D})}, {f32({kDyn, kDyn, D})}};
    Jit k(d);
    for (Dims s : {Dims{1, 1}, Dims{3, 7}}) {
      Tensor<int32_t> tok = randomI<int32_t>(s, 0, V - 1);
      tok.data[0] = static_cast<int32_t>(V + 5); // out of range: clamped, no crash
      Tensor<float> y({s[0], s[1], D});
      k.run({tok.view(), table.view()}, y);
      check(tok, y, "embedding i32");
    }
  }
  {
    KernelDesc d{KernelKind::Embedding, "", {desc(ElemType::I64, {kDyn}), f32({kDyn, kDyn})}, {f32({kDyn, kDyn})}};
    Jit k(d);
    Tensor<int64_t> tok = randomI<int64_t>({9}, 0, V - 1);
    tok.data[3] = -7;
    Tensor<float> y({9, D});
    k.run({tok.view(), table.view()}, y);
    check(tok, y, "embedding i64");
  }
}

//===----------------------------------------------------------------------===//
// Positions
//===----------------------------------------------------------------------===//

/// Whisper: sin in the first D/2 channels, cos in the last D/2,
/// inv_timescale_i = exp(-log(10000) * i / (D/2 - 1)).
double whisperPE(int64_t p, int64_t c, int64_t D) {
  int64_t half = D / 2, i = c % half;
  double inv = std::exp(-std::log(10000.0) * double(i) / double(half - 1));
  return c < half ? std::sin(p * inv) : std::cos(p * inv);
}

/// Vaswani: PE[2i] = sin(p / 10000^(2i/D)), PE[2i+1] = cos(same).
double vaswaniPE(int64_t p, int64_t c, int64_t D) {
  int64_t i2 = c - c % 2;
  double a = p / std::pow(10000.0, double(i2) / double(D));
  return c % 2 == 0 ? std::sin(a) : std::cos(a);
}

TEST(HalideKernelsData, SinusoidalPosition) {
  double worst = 0;
  for (int style : {0, 1}) {
    for (int hasOffset : {0, 1}) {
      for (int64_t dDesc : {int64_t(64), kDyn}) { // static D (embedded table) and dynamic
        KernelDesc d{KernelKind::SinusoidalPosition, "", {f32({kDyn, kDyn, dDesc})}, {f32({kDyn, kDyn, dDesc})}};
        if (hasOffset)
          d.inputs.push_back(desc(ElemType::I32, {kDyn}));
        d.ints = {{"concat_style", style}, {"has_offset", hasOffset}};
        Jit k(d);
        const Dims shapes[] = {{1, 1, 64}, {2, 37, 64}, {1, 1500, 64}};
        for (const Dims &s : shapes) {
          if (dDesc == kDyn && s[1] == 1500)
            continue;
          Tensor<float> x = randomF(s, -1, 1), y(s);
          Tensor<int32_t> off({s[0]});
          for (int64_t b = 0; b < s[0]; ++b)
            off.data[b] = hasOffset ? static_cast<int32_t>(b == 0 ? 447 : 3 + 1000 * b) : 0;
          if (hasOffset)
            k.run({x.view(), off.view()}, y);
          else
            k.run({x.view()}, y);
          std::vector<double> want(x.size());
          for (size_t i = 0; i < x.size(); ++i) {
            std::vector<int64_t> idx = x.index(i);
            int64_t p = off.data[idx[0]] + idx[1];
            want[i] = x.data[i] + (style ? whisperPE(p, idx[2], s[2]) : vaswaniPE(p, idx[2], s[2]));
          }
          double err = maxAbsDiff(y, want);
          worst = std::max(worst, err);
          EXPECT_LE(err, 1e-5) << "style " << style << " offset " << hasOffset << " D " << dDesc;
        }
      }
    }
  }
  report("SinusoidalPosition (all variants)", worst);
}

TEST(HalideKernelsData, LearnedPosition) {
  const int64_t N = 30, D = 24;
  Tensor<float> table = randomF({N, D});
  for (int hasOffset : {0, 1}) {
    KernelDesc d{KernelKind::LearnedPosition, "", {f32({kDyn, kDyn, D}), f32({N, D})}, {f32({kDyn, kDyn, D})}};
    if (hasOffset)
      d.inputs.push_back(desc(ElemType::I64, {kDyn}));
    d.ints = {{"has_offset", hasOffset}};
    Jit k(d);
    for (Dims s : {Dims{1, 1, D}, Dims{3, 5, D}}) {
      Tensor<float> x = randomF(s), y(s);
      Tensor<int64_t> off({s[0]});
      for (int64_t b = 0; b < s[0]; ++b)
        off.data[b] = hasOffset ? 7 * b : 0;
      if (hasOffset)
        k.run({x.view(), table.view(), off.view()}, y);
      else
        k.run({x.view(), table.view()}, y);
      std::vector<double> want(x.size());
      for (size_t i = 0; i < x.size(); ++i) {
        std::vector<int64_t> idx = x.index(i);
        want[i] = double(x.data[i]) + table.data[(off.data[idx[0]] + idx[1]) * D + idx[2]];
      }
      EXPECT_LE(maxAbsDiff(y, want), 1e-6);
    }
  }
}

//===----------------------------------------------------------------------===//
// SubsampleLengths
//===----------------------------------------------------------------------===//

template <typename T> void checkSubsample(ElemType et) {
  struct P {
    int64_t k, s, p, d;
  };
  for (P q : {P{3, 2, 1, 1}, P{3, 2, 0, 1}, P{2, 2, 0, 1}, P{5, 3, 2, 2}, P{1, 1, 0, 1}}) {
    KernelDesc d{KernelKind::SubsampleLengths, "", {desc(et, {kDyn})}, {desc(et, {kDyn})}};
    d.ints = {{"kernel", q.k}, {"stride", q.s}, {"padding", q.p}, {"dilation", q.d}};
    Jit k(d);
    Tensor<T> len({20}), y({20});
    for (int64_t i = 0; i < 20; ++i)
      len.data[i] = static_cast<T>(i < 10 ? i : 1000 + 37 * i);
    k.run({len.view()}, y);
    std::vector<T> want(20);
    for (int64_t i = 0; i < 20; ++i) {
      double v = std::floor(double(len.data[i] + 2 * q.p - q.d * (q.k - 1) - 1) / double(q.s)) + 1;
      want[i] = static_cast<T>(std::max(v, 0.0));
    }
    expectEqual(y, want, "subsample k" + std::to_string(q.k));
    Tensor<T> one({1}), y1({1});
    one.data[0] = 0;
    k.run({one.view()}, y1);
    EXPECT_EQ(y1.data[0], want[0]);
  }
}

TEST(HalideKernelsData, SubsampleLengths) {
  checkSubsample<int32_t>(ElemType::I32);
  checkSubsample<int64_t>(ElemType::I64);
}

//===----------------------------------------------------------------------===//
// Knobs and errors
//===----------------------------------------------------------------------===//

TEST(HalideKernelsData, KnobsAndNaive) {
  KernelDesc d{KernelKind::Binary, "add", {f32({kDyn, kDyn, kDyn}), f32({kDyn})}, {f32({kDyn, kDyn, kDyn})}};
  std::map<std::string, int64_t> dk = defaultKnobs(d, Halide::get_host_target());
  for (const char *name : {"naive", "vector_width", "parallel", "rows_per_task"})
    EXPECT_TRUE(dk.count(name)) << name;
  EXPECT_FALSE(dk.count("tile"));
  Schedule bad{{{"tile_x", 8}}};
  EXPECT_THROW(buildKernel(d, Halide::get_host_target(), &bad), std::invalid_argument);
  for (Schedule s : {Schedule{{{"naive", 1}}}, Schedule{{{"parallel", 0}, {"vector_width", 1}}},
                     Schedule{{{"rows_per_task", 1}, {"vector_width", 8}}}}) {
    Jit k(d, &s);
    Tensor<float> a = randomF({3, 5, 21}), b = randomF({21}), y({3, 5, 21});
    k.run({a.view(), b.view()}, y);
    std::vector<float> want = broadcastRef<float>(a, b, y.dims, [](float p, float q) { return p + q; });
    EXPECT_LE(maxAbsDiff(y, want), 1e-6);
  }
}

TEST(HalideKernelsData, Errors) {
  const Halide::Target host = Halide::get_host_target();
  KernelDesc t{KernelKind::Transpose, "", {f32({kDyn, 4})}, {f32({4, kDyn})}};
  t.lists["perm"] = {0, 0};
  EXPECT_THROW(buildKernel(t, host), std::invalid_argument);
  KernelDesc u{KernelKind::Unary, "softplus", {f32({kDyn})}, {f32({kDyn})}};
  EXPECT_THROW(buildKernel(u, host), std::invalid_argument);
  KernelDesc c{KernelKind::Concat, "", {f32({kDyn})}, {f32({kDyn})}};
  EXPECT_THROW(buildKernel(c, host), std::invalid_argument);
  KernelDesc s{KernelKind::SinusoidalPosition, "", {f32({kDyn, kDyn, 63})}, {f32({kDyn, kDyn, 63})}};
  EXPECT_THROW(buildKernel(s, host), std::invalid_argument);
}

} // namespace
