//===- HalideKernelsComputeTest.cpp - compute kernels vs C++ loops ---------===//
//
// JIT-compiles (host target) each compute kind of codegen/halide with its
// default schedule and with the naive (-O0) one, runs it on random inputs of
// several shapes and compares with a plain loop reference: max |err| <=
// 1e-4 * max(1, max |ref|). Dynamic dims let one compiled kernel serve every
// shape of a case, so each desc compiles once (~0.5 s).
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace asr::kernels;

namespace {

using Shape = std::vector<int64_t>;

//===----------------------------------------------------------------------===//
// Tensors: row-major float data + a Halide view
//===----------------------------------------------------------------------===//

int64_t numel(const Shape &s) {
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  return n;
}

/// A row-major tensor; at(...) indexes like PyTorch.
struct Tensor {
  Shape shape;
  std::vector<float> data;
  explicit Tensor(Shape s) : shape(std::move(s)), data(numel(shape), 0.f) {}
  int64_t offset(const std::vector<int64_t> &idx) const {
    int64_t off = 0;
    for (size_t i = 0; i < shape.size(); ++i)
      off = off * shape[i] + idx[i];
    return off;
  }
  float &at(const std::vector<int64_t> &idx) { return data[offset(idx)]; }
  float at(const std::vector<int64_t> &idx) const { return data[offset(idx)]; }
};

Tensor randomTensor(Shape s, std::mt19937 &rng, float lo = -1.f, float hi = 1.f) {
  Tensor t(std::move(s));
  std::uniform_real_distribution<float> u(lo, hi);
  for (float &v : t.data)
    v = u(rng);
  return t;
}

std::vector<int> halideShape(const Shape &s) {
  std::vector<int> h;
  for (auto it = s.rbegin(); it != s.rend(); ++it)
    h.push_back(static_cast<int>(*it));
  return h;
}

/// Calls f(idx) for every index of shape s, row-major order.
void forEach(const Shape &s, const std::function<void(const std::vector<int64_t> &)> &f) {
  std::vector<int64_t> idx(s.size(), 0);
  if (numel(s) == 0)
    return;
  while (true) {
    f(idx);
    int d = static_cast<int>(s.size()) - 1;
    while (d >= 0 && ++idx[d] == s[d])
      idx[d--] = 0;
    if (d < 0)
      return;
  }
}

//===----------------------------------------------------------------------===//
// Compiled kernels, shared across shapes
//===----------------------------------------------------------------------===//

struct Compiled {
  BuiltKernel kernel;
};

Halide::Target jitTarget() { return Halide::get_host_target(); }

/// Compiles desc once per (key, naive).
Compiled &compiled(const KernelDesc &desc, bool naive) {
  static std::map<std::string, std::unique_ptr<Compiled>> cache;
  std::string key = desc.key() + (naive ? " naive" : "");
  auto it = cache.find(key);
  if (it != cache.end())
    return *it->second;
  Schedule s;
  if (naive)
    s.knobs["naive"] = 1;
  auto c = std::make_unique<Compiled>(
      Compiled{buildKernel(desc, jitTarget(), naive ? &s : nullptr)});
  c->kernel.pipeline.compile_jit(jitTarget());
  return *cache.emplace(key, std::move(c)).first->second;
}

/// An input: float tensor, or int32 / int64 vector (lengths).
struct Arg {
  const Tensor *f = nullptr;
  const std::vector<int32_t> *i = nullptr;
  const std::vector<int64_t> *l = nullptr;
};

Tensor runKernel(const KernelDesc &desc, bool naive, const std::vector<Arg> &args,
                 const Shape &outShape) {
  Compiled &c = compiled(desc, naive);
  std::vector<Halide::Buffer<float>> fbufs;
  std::vector<Halide::Buffer<int32_t>> ibufs;
  std::vector<Halide::Buffer<int64_t>> lbufs;
  fbufs.reserve(args.size());
  ibufs.reserve(args.size());
  lbufs.reserve(args.size());
  for (size_t n = 0; n < args.size(); ++n) {
    if (args[n].f) {
      const Tensor &t = *args[n].f;
      fbufs.emplace_back(const_cast<float *>(t.data.data()), halideShape(t.shape));
      c.kernel.inputs[n].set(fbufs.back());
    } else if (args[n].i) {
      const auto &v = *args[n].i;
      ibufs.emplace_back(const_cast<int32_t *>(v.data()),
                         std::vector<int>{static_cast<int>(v.size())});
      c.kernel.inputs[n].set(ibufs.back());
    } else {
      const auto &v = *args[n].l;
      lbufs.emplace_back(const_cast<int64_t *>(v.data()),
                         std::vector<int>{static_cast<int>(v.size())});
      c.kernel.inputs[n].set(lbufs.back());
    }
  }
  Tensor out(outShape);
  // Poison: every element must be written.
  std::fill(out.data.begin(), out.data.end(), std::nanf(""));
  Halide::Buffer<float> ob(out.data.data(), halideShape(outShape));
  c.kernel.pipeline.realize(ob);
  return out;
}

/// max |got - want| <= 1e-4 * max(1, max |want|).
void expectClose(const Tensor &got, const Tensor &want, const std::string &what) {
  ASSERT_EQ(got.shape, want.shape) << what;
  float scale = 1.f, worst = 0.f;
  size_t worstAt = 0;
  for (float v : want.data)
    scale = std::max(scale, std::fabs(v));
  for (size_t n = 0; n < got.data.size(); ++n) {
    float e = std::fabs(got.data[n] - want.data[n]);
    if (!(e <= worst)) { // NaN counts as worst
      worst = std::isnan(e) ? INFINITY : e;
      worstAt = n;
    }
  }
  EXPECT_LE(worst, 1e-4f * scale)
      << what << ": at flat index " << worstAt << " got " << got.data[worstAt]
      << " want " << want.data[worstAt];
}

std::string shapeStr(const Shape &s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

TensorDesc f32(Shape dims) { return {ElemType::F32, std::move(dims)}; }
TensorDesc i32(Shape dims) { return {ElemType::I32, std::move(dims)}; }

/// Runs desc with the default and the naive schedule; compares both.
void check(const KernelDesc &desc, const std::vector<Arg> &args, const Tensor &want,
           const std::string &what, bool alsoNaive = true) {
  expectClose(runKernel(desc, false, args, want.shape), want, what + " (default)");
  if (alsoNaive)
    expectClose(runKernel(desc, true, args, want.shape), want, what + " (naive)");
}

//===----------------------------------------------------------------------===//
// References
//===----------------------------------------------------------------------===//

/// Batched matmul with transposes and right-aligned batch broadcasting.
Tensor refMatmul(const Tensor &a, const Tensor &b, bool tl, bool tr, float scale = 1.f) {
  int ra = static_cast<int>(a.shape.size()), rb = static_cast<int>(b.shape.size());
  int ro = std::max(ra, rb);
  int64_t M = tl ? a.shape[ra - 1] : a.shape[ra - 2];
  int64_t K = tl ? a.shape[ra - 2] : a.shape[ra - 1];
  int64_t N = tr ? b.shape[rb - 2] : b.shape[rb - 1];
  Shape os(ro);
  for (int i = 0; i < ro - 2; ++i) {
    int ia = i - (ro - ra), ib = i - (ro - rb);
    int64_t ea = ia >= 0 ? a.shape[ia] : 1, eb = ib >= 0 ? b.shape[ib] : 1;
    os[i] = std::max(ea, eb);
  }
  os[ro - 2] = M;
  os[ro - 1] = N;
  Tensor o(os);
  forEach(os, [&](const std::vector<int64_t> &idx) {
    std::vector<int64_t> ia(ra), ib(rb);
    for (int i = 0; i < ra - 2; ++i)
      ia[i] = a.shape[i] == 1 ? 0 : idx[i + ro - ra];
    for (int i = 0; i < rb - 2; ++i)
      ib[i] = b.shape[i] == 1 ? 0 : idx[i + ro - rb];
    int64_t m = idx[ro - 2], n = idx[ro - 1];
    double acc = 0;
    for (int64_t k = 0; k < K; ++k) {
      ia[ra - 2] = tl ? k : m;
      ia[ra - 1] = tl ? m : k;
      ib[rb - 2] = tr ? n : k;
      ib[rb - 1] = tr ? k : n;
      acc += double(a.at(ia)) * b.at(ib);
    }
    o.at(idx) = static_cast<float>(acc * scale);
  });
  return o;
}

Tensor refConv1D(const Tensor &x, const Tensor &w, const Tensor *bias, int64_t stride,
                 int64_t pad, int64_t dil, int64_t groups) {
  int64_t B = x.shape[0], T = x.shape[1], Cin = x.shape[2];
  int64_t Cout = w.shape[0], Cg = w.shape[1], K = w.shape[2];
  int64_t To = (T + 2 * pad - dil * (K - 1) - 1) / stride + 1;
  int64_t Og = Cout / groups;
  (void)Cin;
  Tensor o({B, To, Cout});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < To; ++t)
      for (int64_t co = 0; co < Cout; ++co) {
        double acc = bias ? bias->data[co] : 0.0;
        int64_t g = co / Og;
        for (int64_t ci = 0; ci < Cg; ++ci)
          for (int64_t k = 0; k < K; ++k) {
            int64_t ti = t * stride + k * dil - pad;
            if (ti < 0 || ti >= T)
              continue;
            acc += double(x.at({b, ti, g * Cg + ci})) * w.at({co, ci, k});
          }
        o.at({b, t, co}) = static_cast<float>(acc);
      }
  return o;
}

Tensor refConv2D(const Tensor &x, const Tensor &w, const Tensor *bias,
                 std::array<int64_t, 2> s, std::array<int64_t, 2> p,
                 std::array<int64_t, 2> d, int64_t groups) {
  int64_t B = x.shape[0], H = x.shape[2], W = x.shape[3];
  int64_t Cout = w.shape[0], Cg = w.shape[1], KH = w.shape[2], KW = w.shape[3];
  int64_t Ho = (H + 2 * p[0] - d[0] * (KH - 1) - 1) / s[0] + 1;
  int64_t Wo = (W + 2 * p[1] - d[1] * (KW - 1) - 1) / s[1] + 1;
  int64_t Og = Cout / groups;
  Tensor o({B, Cout, Ho, Wo});
  forEach(o.shape, [&](const std::vector<int64_t> &idx) {
    int64_t b = idx[0], co = idx[1], y = idx[2], xx = idx[3];
    double acc = bias ? bias->data[co] : 0.0;
    int64_t g = co / Og;
    for (int64_t ci = 0; ci < Cg; ++ci)
      for (int64_t kh = 0; kh < KH; ++kh)
        for (int64_t kw = 0; kw < KW; ++kw) {
          int64_t yi = y * s[0] + kh * d[0] - p[0], xi = xx * s[1] + kw * d[1] - p[1];
          if (yi < 0 || yi >= H || xi < 0 || xi >= W)
            continue;
          acc += double(x.at({b, g * Cg + ci, yi, xi})) * w.at({co, ci, kh, kw});
        }
    o.at(idx) = static_cast<float>(acc);
  });
  return o;
}

/// Applies f to every row of the last axis: f(row in, row out, row index).
void forRows(const Tensor &x, Tensor &o,
             const std::function<void(const float *, float *, const std::vector<int64_t> &)> &f) {
  Shape rows(x.shape.begin(), x.shape.end() - 1);
  int64_t D = x.shape.back();
  int64_t r = 0;
  forEach(rows, [&](const std::vector<int64_t> &idx) {
    f(&x.data[r * D], &o.data[r * D], idx);
    ++r;
  });
}

Tensor refLayerNorm(const Tensor &x, const Tensor &g, const Tensor &b, float eps) {
  Tensor o(x.shape);
  int64_t D = x.shape.back();
  forRows(x, o, [&](const float *in, float *out, const std::vector<int64_t> &) {
    double mean = 0, var = 0;
    for (int64_t i = 0; i < D; ++i)
      mean += in[i];
    mean /= D;
    for (int64_t i = 0; i < D; ++i)
      var += (in[i] - mean) * (in[i] - mean);
    var /= D;
    for (int64_t i = 0; i < D; ++i)
      out[i] = static_cast<float>((in[i] - mean) / std::sqrt(var + eps) * g.data[i] +
                                  b.data[i]);
  });
  return o;
}

Tensor refSoftmax(const Tensor &x, const std::vector<int32_t> *lengths, bool causal) {
  Tensor o(x.shape);
  int64_t L = x.shape.back();
  forRows(x, o, [&](const float *in, float *out, const std::vector<int64_t> &idx) {
    auto valid = [&](int64_t j) {
      if (lengths && j >= (*lengths)[idx[0]])
        return false;
      if (causal && j > idx[idx.size() - 1])
        return false;
      return true;
    };
    double mx = -INFINITY, s = 0;
    for (int64_t j = 0; j < L; ++j)
      if (valid(j))
        mx = std::max(mx, double(in[j]));
    for (int64_t j = 0; j < L; ++j)
      s += valid(j) ? std::exp(in[j] - mx) : 0.0;
    for (int64_t j = 0; j < L; ++j)
      out[j] = valid(j) ? static_cast<float>(std::exp(in[j] - mx) / s) : 0.f;
  });
  return o;
}

Tensor refLogSoftmax(const Tensor &x, int axis) {
  Tensor o(x.shape);
  Shape outer = x.shape;
  int64_t L = x.shape[axis];
  outer[axis] = 1;
  forEach(outer, [&](const std::vector<int64_t> &idx) {
    std::vector<int64_t> i = idx;
    double mx = -INFINITY, s = 0;
    for (i[axis] = 0; i[axis] < L; ++i[axis])
      mx = std::max(mx, double(x.at(i)));
    for (i[axis] = 0; i[axis] < L; ++i[axis])
      s += std::exp(x.at(i) - mx);
    for (i[axis] = 0; i[axis] < L; ++i[axis])
      o.at(i) = static_cast<float>(x.at(i) - mx - std::log(s));
  });
  return o;
}

Tensor refReduce(const Tensor &x, const std::string &fn, std::vector<int> axes, bool keep) {
  int R = static_cast<int>(x.shape.size());
  std::vector<bool> red(R, false);
  for (int a : axes)
    red[a < 0 ? a + R : a] = true;
  Shape ks = x.shape, os;
  for (int i = 0; i < R; ++i)
    if (red[i])
      ks[i] = 1;
  for (int i = 0; i < R; ++i)
    if (!red[i] || keep)
      os.push_back(ks[i]);
  Tensor acc(ks);
  std::vector<double> sum(acc.data.size(), fn == "max" ? -INFINITY : 0.0);
  int64_t count = 1;
  for (int i = 0; i < R; ++i)
    if (red[i])
      count *= x.shape[i];
  forEach(x.shape, [&](const std::vector<int64_t> &idx) {
    std::vector<int64_t> k = idx;
    for (int i = 0; i < R; ++i)
      if (red[i])
        k[i] = 0;
    double &s = sum[acc.offset(k)];
    s = fn == "max" ? std::max(s, double(x.at(idx))) : s + x.at(idx);
  });
  Tensor o(os);
  for (size_t n = 0; n < sum.size(); ++n)
    o.data[n] = static_cast<float>(fn == "mean" ? sum[n] / count : sum[n]);
  return o;
}

Tensor refAdditive(const Tensor &q, const Tensor &k, const Tensor &v, const Tensor *bias) {
  int64_t B = q.shape[0], Lq = q.shape[1], A = q.shape[2], Lk = k.shape[1];
  Tensor o({B, Lq, Lk});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t i = 0; i < Lq; ++i)
      for (int64_t j = 0; j < Lk; ++j) {
        double acc = 0;
        for (int64_t a = 0; a < A; ++a)
          acc += v.data[a] * std::tanh(double(q.at({b, i, a})) + k.at({b, j, a}) +
                                       (bias ? bias->data[a] : 0.0));
        o.at({b, i, j}) = static_cast<float>(acc);
      }
  return o;
}

//===----------------------------------------------------------------------===//
// Matmul, ScoreDot, WeightedSum
//===----------------------------------------------------------------------===//

KernelDesc matmulDesc(TensorDesc a, TensorDesc b, TensorDesc o, bool tl, bool tr) {
  KernelDesc d{KernelKind::Matmul};
  d.inputs = {a, b};
  d.outputs = {o};
  d.ints = {{"transpose_lhs", tl}, {"transpose_rhs", tr}};
  return d;
}

class ComputeKernels : public ::testing::Test {
protected:
  std::mt19937 rng{42};
};

// The main case: activations [B, T, K] times a weight [N, K]^T.
TEST_F(ComputeKernels, MatmulWeightTransposed) {
  // 64: whole register blocks; 40: ragged columns; 1 and 10: narrower than
  // one block (a content-attention scorer [1, K], a classifier head).
  for (int64_t N : {64, 40, 10, 1}) {
    KernelDesc d = matmulDesc(f32({-1, -1, 48}), f32({N, 48}), f32({-1, -1, N}), false, true);
    Tensor w = randomTensor({N, 48}, rng);
    for (auto [B, T] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {1, 33}, {3, 33}}) {
      Tensor x = randomTensor({B, T, 48}, rng);
      check(d, {{&x}, {&w}}, refMatmul(x, w, false, true),
            "N=" + std::to_string(N) + " x" + shapeStr(x.shape), B == 3 && T == 33);
    }
  }
}

// A decoder step: T statically 1 (the register block shrinks to one row).
TEST_F(ComputeKernels, MatmulDecoderStep) {
  KernelDesc d = matmulDesc(f32({-1, 1, 48}), f32({40, 48}), f32({-1, 1, 40}), false, true);
  Tensor w = randomTensor({40, 48}, rng);
  for (int64_t B : {1, 5}) {
    Tensor x = randomTensor({B, 1, 48}, rng);
    check(d, {{&x}, {&w}}, refMatmul(x, w, false, true), "T=1 x" + shapeStr(x.shape), B == 5);
  }
}

// Plain batched matmul, every dim dynamic.
TEST_F(ComputeKernels, MatmulBatchedDynamic) {
  KernelDesc d = matmulDesc(f32({-1, -1, -1}), f32({-1, -1, -1}), f32({-1, -1, -1}), false, false);
  for (Shape s : std::vector<Shape>{{1, 1, 5, 1}, {3, 7, 16, 33}, {1, 33, 9, 7}, {2, 40, 3, 70}}) {
    int64_t B = s[0], M = s[1], K = s[2], N = s[3];
    Tensor a = randomTensor({B, M, K}, rng), b = randomTensor({B, K, N}, rng);
    check(d, {{&a}, {&b}}, refMatmul(a, b, false, false), "a" + shapeStr(a.shape) + " b" + shapeStr(b.shape),
          M == 33);
  }
}

// transpose_lhs with a rank-2 rhs; both transposes with a broadcast lhs batch.
TEST_F(ComputeKernels, MatmulTransposesAndBroadcast) {
  KernelDesc d1 = matmulDesc(f32({-1, 24, -1}), f32({24, 32}), f32({-1, -1, 32}), true, false);
  for (auto [B, M] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {2, 33}}) {
    Tensor a = randomTensor({B, 24, M}, rng), b = randomTensor({24, 32}, rng);
    check(d1, {{&a}, {&b}}, refMatmul(a, b, true, false), "tl a" + shapeStr(a.shape), M == 33);
  }
  KernelDesc d2 = matmulDesc(f32({1, 20, -1}), f32({-1, -1, 20}), f32({-1, -1, -1}), true, true);
  for (auto [B, M, N] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{{1, 1, 1}, {3, 7, 33}, {3, 33, 7}}) {
    Tensor a = randomTensor({1, 20, M}, rng), b = randomTensor({B, N, 20}, rng);
    check(d2, {{&a}, {&b}}, refMatmul(a, b, true, true), "tl tr b" + shapeStr(b.shape), M == 33);
  }
  // Rank-4 x rank-2 (no transposes): [B, H, M, K] x [K, N].
  KernelDesc d3 = matmulDesc(f32({-1, 2, -1, 16}), f32({16, 48}), f32({-1, 2, -1, 48}), false, false);
  Tensor a = randomTensor({3, 2, 9, 16}, rng), b = randomTensor({16, 48}, rng);
  check(d3, {{&a}, {&b}}, refMatmul(a, b, false, false), "rank 4 x rank 2");
}

TEST_F(ComputeKernels, ScoreDot) {
  KernelDesc d{KernelKind::ScoreDot};
  d.inputs = {f32({-1, 2, -1, 16}), f32({-1, 2, -1, 16})};
  d.outputs = {f32({-1, 2, -1, -1})};
  d.floats = {{"scale", 0.25}};
  for (Shape s : std::vector<Shape>{{1, 1, 1}, {1, 1, 7}, {3, 33, 33}, {3, 7, 1}, {1, 33, 50}}) {
    Tensor q = randomTensor({s[0], 2, s[1], 16}, rng), k = randomTensor({s[0], 2, s[2], 16}, rng);
    check(d, {{&q}, {&k}}, refMatmul(q, k, false, true, 0.25f),
          "q" + shapeStr(q.shape) + " k" + shapeStr(k.shape), s[1] == 33);
  }
}

TEST_F(ComputeKernels, WeightedSum) {
  KernelDesc d{KernelKind::WeightedSum};
  d.inputs = {f32({-1, 2, -1, -1}), f32({-1, 2, -1, 24})};
  d.outputs = {f32({-1, 2, -1, 24})};
  for (Shape s : std::vector<Shape>{{1, 1, 1}, {3, 7, 33}, {1, 33, 7}, {3, 33, 33}}) {
    Tensor p = randomTensor({s[0], 2, s[1], s[2]}, rng, 0.f, 1.f);
    Tensor v = randomTensor({s[0], 2, s[2], 24}, rng);
    check(d, {{&p}, {&v}}, refMatmul(p, v, false, false), "p" + shapeStr(p.shape), s[1] == 33);
  }
}

//===----------------------------------------------------------------------===//
// Matmul with a small M: the GEMV schedule
//===----------------------------------------------------------------------===//

/// The knob that picks the GEMV schedule for a desc.
int64_t gemvKnob(const KernelDesc &d) { return defaultKnobs(d, jitTarget()).at("gemv"); }

/// Runs desc with explicit knob overrides (compiled per call, not cached).
Tensor runWithKnobs(const KernelDesc &d, const std::map<std::string, int64_t> &knobs,
                    const std::vector<const Tensor *> &ins, const Shape &outShape) {
  Schedule s;
  s.knobs = knobs;
  BuiltKernel k = buildKernel(d, jitTarget(), &s);
  std::vector<Halide::Buffer<float>> bufs;
  bufs.reserve(ins.size());
  for (size_t i = 0; i < ins.size(); ++i) {
    bufs.emplace_back(const_cast<float *>(ins[i]->data.data()), halideShape(ins[i]->shape));
    k.inputs[i].set(bufs.back());
  }
  Tensor out(outShape);
  std::fill(out.data.begin(), out.data.end(), std::nanf(""));
  Halide::Buffer<float> ob(out.data.data(), halideShape(outShape));
  k.pipeline.realize(ob, jitTarget());
  return out;
}

// A Linear weight [N, K] times a few rows: M = 1, 2, 3 (one register block
// of M rows), odd N (ragged column blocks, N narrower than one block), K not
// a multiple of the vector width (the lanes-over-k reduction plus a scalar
// tail; K = 3 and 10: fewer lanes than a vector).
TEST_F(ComputeKernels, GemvWeightTransposed) {
  for (int64_t M : {1, 2, 3})
    for (int64_t N : {37, 5, 1})
      for (int64_t K : {48, 45, 10, 3}) {
        KernelDesc d = matmulDesc(f32({M, K}), f32({N, K}), f32({M, N}), false, true);
        ASSERT_EQ(gemvKnob(d), 1);
        Tensor x = randomTensor({M, K}, rng), w = randomTensor({N, K}, rng);
        check(d, {{&x}, {&w}}, refMatmul(x, w, false, true),
              "M=" + std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K),
              N == 37);
      }
}

// rhs stored [K, N] (no transpose): lanes over n; N below, at and above one
// column block (128 at M = 1), odd K.
TEST_F(ComputeKernels, GemvWeightPlain) {
  for (int64_t M : {1, 2, 3})
    for (int64_t N : {37, 200, 128})
      for (int64_t K : {45, 16}) {
        KernelDesc d = matmulDesc(f32({M, K}), f32({K, N}), f32({M, N}), false, false);
        ASSERT_EQ(gemvKnob(d), 1);
        Tensor x = randomTensor({M, K}, rng), w = randomTensor({K, N}, rng);
        check(d, {{&x}, {&w}}, refMatmul(x, w, false, false),
              "M=" + std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K),
              N == 200);
      }
}

// Decoder steps: [B, 1, K] x [N, K]^T with a dynamic batch. The weight is
// shared: B >= 4 runs 4-item batch blocks (the last one shifted inwards),
// B < 4 one item per block; the batch broadcast of a static-1 lhs against a
// batched rhs, and of a batched lhs against a static-1 rhs batch.
TEST_F(ComputeKernels, GemvBatchBroadcast) {
  for (int64_t N : {51, 16}) {
    KernelDesc d = matmulDesc(f32({-1, 1, 40}), f32({N, 40}), f32({-1, 1, N}), false, true);
    ASSERT_EQ(gemvKnob(d), 1);
    Tensor w = randomTensor({N, 40}, rng);
    for (int64_t B : {1, 2, 3, 4, 5, 8, 9}) {
      Tensor x = randomTensor({B, 1, 40}, rng);
      check(d, {{&x}, {&w}}, refMatmul(x, w, false, true),
            "N=" + std::to_string(N) + " x" + shapeStr(x.shape), B == 5);
    }
  }
  // Plain weight layout with a dynamic batch (no batch blocks).
  KernelDesc p = matmulDesc(f32({-1, 2, 24}), f32({24, 70}), f32({-1, 2, 70}), false, false);
  ASSERT_EQ(gemvKnob(p), 1);
  Tensor wp = randomTensor({24, 70}, rng);
  for (int64_t B : {1, 5}) {
    Tensor x = randomTensor({B, 2, 24}, rng);
    check(p, {{&x}, {&wp}}, refMatmul(x, wp, false, false), "plain x" + shapeStr(x.shape));
  }
  // A static-1 lhs batch against a batched rhs: one task per batch item.
  KernelDesc q = matmulDesc(f32({1, 1, 33}), f32({-1, 19, 33}), f32({-1, 1, 19}), false, true);
  ASSERT_EQ(gemvKnob(q), 1);
  for (int64_t B : {1, 3}) {
    Tensor x = randomTensor({1, 1, 33}, rng), w = randomTensor({B, 19, 33}, rng);
    check(q, {{&x}, {&w}}, refMatmul(x, w, false, true), "rhs batch" + shapeStr(w.shape));
  }
  // Two batch dims sharing the weight: the inner one (dynamic, 5 items)
  // runs batch blocks, the outer one loops around them.
  KernelDesc two = matmulDesc(f32({2, -1, 1, 20}), f32({30, 20}), f32({2, -1, 1, 30}), false, true);
  ASSERT_EQ(gemvKnob(two), 1);
  for (int64_t B : {5, 2}) {
    Tensor x2 = randomTensor({2, B, 1, 20}, rng), w2 = randomTensor({30, 20}, rng);
    check(two, {{&x2}, {&w2}}, refMatmul(x2, w2, false, true), "two batch dims" + shapeStr(x2.shape));
  }
  // A batched lhs against a static-1 rhs batch (rank 4 x rank 3).
  KernelDesc r = matmulDesc(f32({-1, 2, 3, 20}), f32({1, 30, 20}), f32({-1, 2, 3, 30}), false, true);
  ASSERT_EQ(gemvKnob(r), 1);
  Tensor x = randomTensor({3, 2, 3, 20}, rng), w = randomTensor({1, 30, 20}, rng);
  check(r, {{&x}, {&w}}, refMatmul(x, w, false, true), "rank 4 x rank 3");
}

// A dynamic M with the max_m promise (the entry-point codegen's run-time
// variant) takes the GEMV schedule and stays correct for any M; so do
// dynamic N and K (clamped column blocks, a run-time k tail) and
// transpose_lhs.
TEST_F(ComputeKernels, GemvDynamicShapes) {
  KernelDesc d = matmulDesc(f32({-1, 40}), f32({24, 40}), f32({-1, 24}), false, true);
  EXPECT_EQ(gemvKnob(d), 0);
  d.ints["max_m"] = kMatmulGemvMaxM;
  ASSERT_EQ(gemvKnob(d), 1);
  Tensor w = randomTensor({24, 40}, rng);
  for (int64_t M : {1, 3, 4, 7, 33}) {
    Tensor x = randomTensor({M, 40}, rng);
    check(d, {{&x}, {&w}}, refMatmul(x, w, false, true), "max_m x" + shapeStr(x.shape), M == 3);
  }
  KernelDesc e = matmulDesc(f32({-1, 1, -1}), f32({-1, -1}), f32({-1, 1, -1}), false, true);
  ASSERT_EQ(gemvKnob(e), 1);
  for (auto [B, N, K] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{
           {1, 1, 1}, {2, 37, 45}, {5, 100, 32}, {4, 3, 17}}) {
    Tensor x = randomTensor({B, 1, K}, rng), w2 = randomTensor({N, K}, rng);
    check(e, {{&x}, {&w2}}, refMatmul(x, w2, false, true),
          "dynamic N K x" + shapeStr(x.shape) + " w" + shapeStr(w2.shape), B == 2);
  }
  KernelDesc t = matmulDesc(f32({-1, 29, 2}), f32({29, 41}), f32({-1, 2, 41}), true, false);
  ASSERT_EQ(gemvKnob(t), 1);
  Tensor a = randomTensor({3, 29, 2}, rng), b = randomTensor({29, 41}, rng);
  check(t, {{&a}, {&b}}, refMatmul(a, b, true, false), "transpose_lhs");
  KernelDesc u = matmulDesc(f32({29, 1}), f32({41, 29}), f32({1, 41}), true, true);
  ASSERT_EQ(gemvKnob(u), 1);
  Tensor a1 = randomTensor({29, 1}, rng), b1 = randomTensor({41, 29}, rng);
  check(u, {{&a1}, {&b1}}, refMatmul(a1, b1, true, true), "transpose_lhs and rhs");
}

// The GEMV knobs change nothing but speed: gemv=0 (the GEMM schedule) on a
// small M, gemv=1 forced on a tall M, other blocks, no staging, a looped
// reduction.
TEST_F(ComputeKernels, GemvKnobOverrides) {
  KernelDesc d = matmulDesc(f32({-1, 1, 45}), f32({70, 45}), f32({-1, 1, 70}), false, true);
  Tensor x = randomTensor({6, 1, 45}, rng), w = randomTensor({70, 45}, rng);
  Tensor want = refMatmul(x, w, false, true);
  for (const std::map<std::string, int64_t> &k : std::vector<std::map<std::string, int64_t>>{
           {{"gemv", 0}},
           {{"gemv_block", 7}, {"gemv_tile", 21}, {"gemv_batch_block", 3}},
           {{"gemv_stage", 0}, {"gemv_unroll_k", 1}},
           {{"gemv_block", 16}, {"gemv_batch_block", 1}, {"gemv_unroll_k", 3}},
           {{"vector_width", 8}, {"parallel", 0}}}) {
    std::string what;
    for (const auto &[n, v] : k)
      what += n + "=" + std::to_string(v) + " ";
    expectClose(runWithKnobs(d, k, {&x, &w}, want.shape), want, what);
  }
  KernelDesc tall = matmulDesc(f32({2, 33, 24}), f32({24, 50}), f32({2, 33, 50}), false, false);
  EXPECT_EQ(gemvKnob(tall), 0);
  Tensor a = randomTensor({2, 33, 24}, rng), b = randomTensor({24, 50}, rng);
  expectClose(runWithKnobs(tall, {{"gemv", 1}}, {&a, &b}, {2, 33, 50}), refMatmul(a, b, false, false),
              "gemv=1 on M=33");
  KernelDesc bad = matmulDesc(f32({1, 24}), f32({24, 50}), f32({1, 50}), false, false);
  Schedule s;
  s.knobs = {{"gemv_block", 20}}; // not a multiple of the vector width
  EXPECT_THROW(buildKernel(bad, jitTarget(), &s), std::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

KernelDesc conv1dDesc(int64_t cin, int64_t cout, int64_t k, int64_t stride, int64_t pad,
                      int64_t dil, int64_t groups, bool bias) {
  KernelDesc d{KernelKind::Conv1D};
  d.inputs = {f32({-1, -1, cin}), f32({cout, cin / groups, k})};
  if (bias)
    d.inputs.push_back(f32({cout}));
  d.outputs = {f32({-1, -1, cout})};
  d.ints = {{"stride", stride}, {"padding", pad}, {"dilation", dil}, {"groups", groups},
            {"has_bias", bias}};
  return d;
}

struct ConvCase {
  int64_t cin, cout, k, stride, pad, dil, groups;
  bool bias;
};

void checkConv1D(std::mt19937 &rng, const ConvCase &c) {
  KernelDesc d = conv1dDesc(c.cin, c.cout, c.k, c.stride, c.pad, c.dil, c.groups, c.bias);
  Tensor w = randomTensor({c.cout, c.cin / c.groups, c.k}, rng);
  Tensor b = randomTensor({c.cout}, rng);
  std::string name = "conv1d cin=" + std::to_string(c.cin) + " cout=" + std::to_string(c.cout) +
                     " k=" + std::to_string(c.k) + " s=" + std::to_string(c.stride) +
                     " p=" + std::to_string(c.pad) + " d=" + std::to_string(c.dil) +
                     " g=" + std::to_string(c.groups);
  for (auto [B, T] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {1, 33}, {3, 40}}) {
    int64_t To = (T + 2 * c.pad - c.dil * (c.k - 1) - 1) / c.stride + 1;
    if (To < 1)
      continue;
    Tensor x = randomTensor({B, T, c.cin}, rng);
    std::vector<Arg> args{{&x}, {&w}};
    if (c.bias)
      args.push_back({&b});
    check(d, args, refConv1D(x, w, c.bias ? &b : nullptr, c.stride, c.pad, c.dil, c.groups),
          name + " x" + shapeStr(x.shape), T == 33);
  }
}

TEST_F(ComputeKernels, Conv1DImplicitGemm) {
  checkConv1D(rng, {20, 24, 3, 1, 1, 1, 1, true});  // same padding, ragged Cout
  checkConv1D(rng, {16, 64, 3, 2, 1, 1, 1, false}); // stride 2 (subsampling)
  checkConv1D(rng, {8, 32, 3, 1, 0, 2, 1, true});   // dilation, no padding
  checkConv1D(rng, {8, 12, 3, 1, 1, 1, 2, true});   // groups 2
}

TEST_F(ComputeKernels, Conv1DDepthwise) {
  checkConv1D(rng, {32, 32, 7, 1, 3, 1, 32, true});  // conformer-style
  checkConv1D(rng, {24, 24, 5, 2, 2, 1, 24, false}); // C not a multiple of 16, stride
}

TEST_F(ComputeKernels, Conv2D) {
  struct C2 {
    int64_t cin, cout, kh, kw;
    std::array<int64_t, 2> s, p, dl;
    int64_t groups, W;
    bool bias;
  };
  for (const C2 &c : {C2{1, 8, 3, 3, {2, 2}, {0, 0}, {1, 1}, 1, 20, true},
                      C2{4, 6, 3, 3, {2, 1}, {1, 1}, {1, 2}, 2, 13, false},
                      C2{3, 20, 3, 3, {1, 1}, {1, 1}, {1, 1}, 1, 40, true}}) {
    KernelDesc d{KernelKind::Conv2D};
    d.inputs = {f32({-1, c.cin, -1, c.W}), f32({c.cout, c.cin / c.groups, c.kh, c.kw})};
    if (c.bias)
      d.inputs.push_back(f32({c.cout}));
    int64_t Wo = (c.W + 2 * c.p[1] - c.dl[1] * (c.kw - 1) - 1) / c.s[1] + 1;
    d.outputs = {f32({-1, c.cout, -1, Wo})};
    d.lists = {{"stride", {c.s[0], c.s[1]}}, {"padding", {c.p[0], c.p[1]}},
               {"dilation", {c.dl[0], c.dl[1]}}};
    d.ints = {{"groups", c.groups}, {"has_bias", c.bias}};
    Tensor w = randomTensor({c.cout, c.cin / c.groups, c.kh, c.kw}, rng);
    Tensor b = randomTensor({c.cout}, rng);
    for (auto [B, H] : std::vector<std::pair<int64_t, int64_t>>{{1, 3}, {3, 7}, {1, 33}}) {
      Tensor x = randomTensor({B, c.cin, H, c.W}, rng);
      std::vector<Arg> args{{&x}, {&w}};
      if (c.bias)
        args.push_back({&b});
      check(d, args, refConv2D(x, w, c.bias ? &b : nullptr, c.s, c.p, c.dl, c.groups),
            "conv2d cin=" + std::to_string(c.cin) + " x" + shapeStr(x.shape), H == 33);
    }
  }
}

//===----------------------------------------------------------------------===//
// Row kinds
//===----------------------------------------------------------------------===//

TEST_F(ComputeKernels, LayerNorm) {
  for (int64_t D : {40, 64}) {
    KernelDesc d{KernelKind::LayerNorm};
    d.inputs = {f32({-1, -1, D}), f32({D}), f32({D})};
    d.outputs = {f32({-1, -1, D})};
    d.floats = {{"epsilon", 1e-5}};
    Tensor g = randomTensor({D}, rng), b = randomTensor({D}, rng);
    for (auto [B, T] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {1, 33}}) {
      Tensor x = randomTensor({B, T, D}, rng, -2.f, 3.f);
      check(d, {{&x}, {&g}, {&b}}, refLayerNorm(x, g, b, 1e-5f),
            "layer_norm x" + shapeStr(x.shape), T == 33);
    }
  }
}

TEST_F(ComputeKernels, SoftmaxMasks) {
  for (int mode = 0; mode < 4; ++mode) {
    bool hasLengths = mode & 1, causal = mode & 2;
    KernelDesc d{KernelKind::Softmax};
    d.inputs = {f32({-1, 2, -1, -1})};
    if (hasLengths)
      d.inputs.push_back(i32({-1}));
    d.outputs = {f32({-1, 2, -1, -1})};
    d.ints = {{"causal", causal}, {"has_lengths", hasLengths}};
    for (Shape s : std::vector<Shape>{{1, 1, 1}, {3, 7, 7}, {3, 33, 33}, {1, 5, 40}}) {
      int64_t B = s[0];
      Tensor x = randomTensor({B, 2, s[1], s[2]}, rng, -4.f, 4.f);
      std::vector<int32_t> len(B);
      for (int64_t b = 0; b < B; ++b) // full, partial, and fully masked rows
        len[b] = static_cast<int32_t>(b == 0 ? s[2] : b == 1 ? (s[2] + 1) / 2 : 0);
      std::vector<Arg> args{{&x}};
      if (hasLengths)
        args.push_back({nullptr, &len});
      check(d, args, refSoftmax(x, hasLengths ? &len : nullptr, causal),
            "softmax lengths=" + std::to_string(hasLengths) + " causal=" + std::to_string(causal) +
                " x" + shapeStr(x.shape),
            s[1] == 33);
    }
  }
}

// int64 lengths (the IR allows i32 or i64).
TEST_F(ComputeKernels, SoftmaxInt64Lengths) {
  KernelDesc d{KernelKind::Softmax};
  d.inputs = {f32({-1, -1, -1}), {ElemType::I64, {-1}}};
  d.outputs = {f32({-1, -1, -1})};
  d.ints = {{"has_lengths", 1}};
  Tensor x = randomTensor({3, 5, 21}, rng, -4.f, 4.f);
  std::vector<int64_t> len{21, 9, 1};
  std::vector<int32_t> len32(len.begin(), len.end());
  check(d, {{&x}, {nullptr, nullptr, &len}}, refSoftmax(x, &len32, false), "softmax i64 lengths",
        false);
}

TEST_F(ComputeKernels, LogSoftmaxAxes) {
  for (int axis : {2, 1, 0}) {
    KernelDesc d{KernelKind::LogSoftmax};
    d.inputs = {f32({-1, -1, 37})};
    d.outputs = {f32({-1, -1, 37})};
    d.ints = {{"axis", axis}};
    for (auto [B, T] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {2, 33}}) {
      Tensor x = randomTensor({B, T, 37}, rng, -5.f, 5.f);
      check(d, {{&x}}, refLogSoftmax(x, axis),
            "log_softmax axis=" + std::to_string(axis) + " x" + shapeStr(x.shape), T == 33);
    }
  }
}

TEST_F(ComputeKernels, Reduce) {
  struct RC {
    std::string fn;
    std::vector<int64_t> axes;
    bool keep;
  };
  for (const RC &c : {RC{"sum", {-1}, true}, RC{"max", {1}, false}, RC{"mean", {0, 2}, false},
                      RC{"mean", {1}, true}, RC{"max", {-1}, false}, RC{"sum", {0, 1, 2}, false}}) {
    KernelDesc d{KernelKind::Reduce, c.fn};
    d.inputs = {f32({-1, -1, 20})};
    Shape od;
    for (int i = 0; i < 3; ++i) {
      bool red = std::count(c.axes.begin(), c.axes.end(), i) ||
                 std::count(c.axes.begin(), c.axes.end(), i - 3);
      if (!red)
        od.push_back(i == 2 ? 20 : -1);
      else if (c.keep)
        od.push_back(1);
    }
    d.outputs = {f32(od)};
    d.lists = {{"axes", c.axes}};
    d.ints = {{"keep_dims", c.keep}};
    std::vector<int> axes(c.axes.begin(), c.axes.end());
    for (auto [B, T] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 7}, {2, 33}}) {
      Tensor x = randomTensor({B, T, 20}, rng);
      check(d, {{&x}}, refReduce(x, c.fn, axes, c.keep),
            "reduce " + c.fn + " keep=" + std::to_string(c.keep) + " x" + shapeStr(x.shape), T == 33);
    }
  }
}

TEST_F(ComputeKernels, ScoreAdditive) {
  for (bool bias : {false, true}) {
    KernelDesc d{KernelKind::ScoreAdditive};
    d.inputs = {f32({-1, -1, 20}), f32({-1, -1, 20}), f32({20})};
    if (bias)
      d.inputs.push_back(f32({20}));
    d.outputs = {f32({-1, -1, -1})};
    d.ints = {{"has_bias", bias}};
    Tensor v = randomTensor({20}, rng), bb = randomTensor({20}, rng);
    for (Shape s : std::vector<Shape>{{1, 1, 1}, {3, 1, 33}, {3, 7, 40}, {1, 33, 7}}) {
      Tensor q = randomTensor({s[0], s[1], 20}, rng, -2.f, 2.f);
      Tensor k = randomTensor({s[0], s[2], 20}, rng, -2.f, 2.f);
      std::vector<Arg> args{{&q}, {&k}, {&v}};
      if (bias)
        args.push_back({&bb});
      check(d, args, refAdditive(q, k, v, bias ? &bb : nullptr),
            "additive bias=" + std::to_string(bias) + " q" + shapeStr(q.shape) + " k" +
                shapeStr(k.shape),
            s[1] == 33 || s[2] == 33);
    }
  }
}

//===----------------------------------------------------------------------===//
// API
//===----------------------------------------------------------------------===//

TEST(ComputeKernelsApi, UnknownKnobIsAnError) {
  KernelDesc d = matmulDesc(f32({-1, 8}), f32({8, 16}), f32({-1, 16}), false, false);
  Schedule s;
  s.knobs["tile_q"] = 3;
  try {
    buildKernel(d, jitTarget(), &s);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("tile_q"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Matmul"), std::string::npos) << e.what();
  }
}

TEST(ComputeKernelsApi, DefaultKnobsAreDocumented) {
  KernelDesc d = matmulDesc(f32({-1, -1, 384}), f32({1536, 384}), f32({-1, -1, 1536}), false, true);
  auto k = defaultKnobs(d, jitTarget());
  for (const char *name : {"naive", "vector_width", "block_n", "block_m", "tile_n", "tile_m",
                           "unroll_k", "pack_rhs", "parallel"})
    EXPECT_TRUE(k.count(name)) << name;
  EXPECT_EQ(k.at("pack_rhs"), 1);
}

TEST(ComputeKernelsApi, BadShapesAreRejected) {
  // Contraction dims differ.
  KernelDesc d = matmulDesc(f32({-1, 8}), f32({9, 16}), f32({-1, 16}), false, false);
  EXPECT_THROW(buildKernel(d, jitTarget()), std::invalid_argument);
  // Conv weight does not match the input channels.
  KernelDesc c = conv1dDesc(8, 16, 3, 1, 1, 1, 1, false);
  c.inputs[1] = f32({16, 7, 3});
  EXPECT_THROW(buildKernel(c, jitTarget()), std::invalid_argument);
}

TEST(ComputeKernelsApi, KnobOverridesChangeNothingButSpeed) {
  // A different register block and tiles must give the same numbers.
  std::mt19937 rng(7);
  KernelDesc d = matmulDesc(f32({-1, -1, 24}), f32({40, 24}), f32({-1, -1, 40}), false, true);
  Schedule s;
  s.knobs = {{"block_n", 16}, {"block_m", 3}, {"tile_n", 48}, {"tile_m", 5}, {"unroll_k", 3}};
  BuiltKernel k = buildKernel(d, jitTarget(), &s);
  Tensor x = randomTensor({3, 17, 24}, rng), w = randomTensor({40, 24}, rng);
  Halide::Buffer<float> xb(x.data.data(), halideShape(x.shape)), wb(w.data.data(), halideShape(w.shape));
  k.inputs[0].set(xb);
  k.inputs[1].set(wb);
  Tensor out({3, 17, 40});
  Halide::Buffer<float> ob(out.data.data(), halideShape(out.shape));
  k.pipeline.realize(ob, jitTarget());
  expectClose(out, refMatmul(x, w, false, true), "overridden knobs");
}

} // namespace
