//===- HalideKernelsAttentionTest.cpp - FusedAttention vs C++ loops -------===//
//
// JIT-compiles (host target) KernelKind::FusedAttention with its default
// schedule (and the naive one for small shapes) and compares with a plain
// double-precision loop reference: scores, masked softmax, weighted sum.
// max |err| <= 1e-5 * max(1, max |ref|). Dynamic B and L dims let one
// compiled kernel serve several shapes.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace asr::kernels;

namespace {

using Shape = std::vector<int64_t>;

int64_t numel(const Shape &s) {
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  return n;
}

struct Tensor {
  Shape shape;
  std::vector<float> data;
  explicit Tensor(Shape s) : shape(std::move(s)), data(numel(shape), 0.f) {}
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

TensorDesc f32(Shape dims) { return {ElemType::F32, std::move(dims)}; }

Halide::Target jitTarget() { return Halide::get_host_target(); }

/// Knobs over the defaults for the next compiled() kernels (a test sets
/// and clears them).
Schedule gKnobs;

BuiltKernel &compiled(const KernelDesc &desc, bool naive) {
  static std::map<std::string, std::unique_ptr<BuiltKernel>> cache;
  Schedule s = gKnobs;
  if (naive)
    s.knobs["naive"] = 1;
  std::string key = desc.key();
  for (const auto &[n, v] : s.knobs)
    key += " " + n + "=" + std::to_string(v);
  auto it = cache.find(key);
  if (it != cache.end())
    return *it->second;
  auto k = std::make_unique<BuiltKernel>(buildKernel(desc, jitTarget(), &s));
  k->pipeline.compile_jit(jitTarget());
  return *cache.emplace(key, std::move(k)).first->second;
}

struct Problem {
  bool additive = false;
  int64_t B = 1, H = 1, Lq = 1, Lk = 1, D = 1, Dv = 1;
  bool causal = false, probs = false, bias = false;
  std::vector<int32_t> lengths; ///< empty: none
  float scale = 1.f;
  /// dot: the query's batch / head dim is a static 1 (broadcast).
  bool qOneB = false, qOneH = false;
  /// ints["max_lq"] of the desc (0: none).
  int64_t maxLq = 0;
  int64_t qB() const { return qOneB ? 1 : B; }
  int64_t qH() const { return qOneH ? 1 : H; }
};

struct Inputs {
  Tensor q, k, v, vv, bias;
};

Inputs makeInputs(const Problem &p, std::mt19937 &rng) {
  if (p.additive)
    return {randomTensor({p.B, p.Lq, p.D}, rng), randomTensor({p.B, p.Lk, p.D}, rng),
            randomTensor({p.B, p.Lk, p.Dv}, rng), randomTensor({p.D}, rng),
            randomTensor({p.D}, rng)};
  return {randomTensor({p.qB(), p.qH(), p.Lq, p.D}, rng),
          randomTensor({p.B, p.H, p.Lk, p.D}, rng),
          randomTensor({p.B, p.H, p.Lk, p.Dv}, rng), Tensor({1}), Tensor({1})};
}

/// The desc; `dyn` makes B, Lq and Lk dynamic.
KernelDesc makeDesc(const Problem &p, bool dyn) {
  KernelDesc d;
  d.kind = KernelKind::FusedAttention;
  d.fn = p.additive ? "additive" : "dot";
  int64_t B = dyn ? -1 : p.B, Lq = dyn ? -1 : p.Lq, Lk = dyn ? -1 : p.Lk;
  if (p.additive) {
    d.inputs = {f32({B, Lq, p.D}), f32({B, Lk, p.D}), f32({B, Lk, p.Dv})};
  } else {
    d.inputs = {f32({p.qOneB ? 1 : B, p.qH(), Lq, p.D}), f32({B, p.H, Lk, p.D}),
                f32({B, p.H, Lk, p.Dv})};
  }
  if (!p.lengths.empty()) {
    d.inputs.push_back({ElemType::I32, {B}});
    d.ints["has_lengths"] = 1;
  }
  if (p.additive) {
    d.inputs.push_back(f32({p.D}));
    if (p.bias) {
      d.inputs.push_back(f32({p.D}));
      d.ints["has_bias"] = 1;
    }
  }
  d.outputs = {p.additive ? f32({B, Lq, p.Dv}) : f32({B, p.H, Lq, p.Dv})};
  if (p.probs) {
    d.outputs.push_back(p.additive ? f32({B, Lq, Lk}) : f32({B, p.H, Lq, Lk}));
    d.ints["return_probs"] = 1;
  }
  d.ints["causal"] = p.causal ? 1 : 0;
  if (p.maxLq)
    d.ints["max_lq"] = p.maxLq;
  d.floats["scale"] = p.scale;
  return d;
}

/// Reference for rows i of every (b, h) (all rows when `rows` is empty):
/// out [B, H, Lq, Dv] and probs [B, H, Lq, Lk] (H = 1 for additive).
void reference(const Problem &p, const Inputs &in, const std::vector<int64_t> &rows,
               std::vector<double> &out, std::vector<double> &probs) {
  const int64_t H = p.additive ? 1 : p.H;
  out.assign(p.B * H * p.Lq * p.Dv, 0.0);
  probs.assign(p.B * H * p.Lq * p.Lk, 0.0);
  std::vector<int64_t> all;
  const std::vector<int64_t> *rs = &rows;
  if (rows.empty()) {
    for (int64_t i = 0; i < p.Lq; ++i)
      all.push_back(i);
    rs = &all;
  }
  std::vector<double> s(p.Lk);
  std::vector<char> ok(p.Lk);
  for (int64_t b = 0; b < p.B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i : *rs) {
        const int64_t bh = b * H + h;
        const int64_t qbh = (p.qOneB ? 0 : b) * p.qH() + (p.qOneH ? 0 : h);
        const float *qr = &in.q.data[((p.additive ? bh : qbh) * p.Lq + i) * p.D];
        double mx = -INFINITY;
        for (int64_t j = 0; j < p.Lk; ++j) {
          ok[j] = (p.lengths.empty() || j < p.lengths[b]) && (!p.causal || j <= i);
          const float *kr = &in.k.data[(bh * p.Lk + j) * p.D];
          double acc = 0;
          for (int64_t a = 0; a < p.D; ++a) {
            if (p.additive) {
              double x = double(qr[a]) + kr[a] + (p.bias ? in.bias.data[a] : 0.f);
              acc += double(in.vv.data[a]) * std::tanh(x);
            } else {
              acc += double(qr[a]) * kr[a];
            }
          }
          s[j] = p.additive ? acc : acc * p.scale;
          if (ok[j])
            mx = std::max(mx, s[j]);
        }
        double sum = 0;
        for (int64_t j = 0; j < p.Lk; ++j) {
          s[j] = ok[j] ? std::exp(s[j] - mx) : 0.0;
          sum += s[j];
        }
        for (int64_t j = 0; j < p.Lk; ++j) {
          double pr = sum > 0 ? s[j] / sum : 0.0;
          probs[(bh * p.Lq + i) * p.Lk + j] = pr;
          if (pr == 0)
            continue;
          const float *vr = &in.v.data[(bh * p.Lk + j) * p.Dv];
          for (int64_t e = 0; e < p.Dv; ++e)
            out[(bh * p.Lq + i) * p.Dv + e] += pr * vr[e];
        }
      }
}

/// Runs the kernel; returns out (and probs when asked).
std::vector<Tensor> run(const KernelDesc &desc, const Problem &p, const Inputs &in,
                        bool naive, double *seconds = nullptr, int reps = 1) {
  BuiltKernel &k = compiled(desc, naive);
  std::vector<Halide::Buffer<float>> fb;
  fb.reserve(6);
  size_t n = 0;
  auto setF = [&](const Tensor &t) {
    fb.emplace_back(const_cast<float *>(t.data.data()), halideShape(t.shape));
    k.inputs[n++].set(fb.back());
  };
  setF(in.q);
  setF(in.k);
  setF(in.v);
  Halide::Buffer<int32_t> lb;
  if (!p.lengths.empty()) {
    lb = Halide::Buffer<int32_t>(const_cast<int32_t *>(p.lengths.data()),
                                 {static_cast<int>(p.lengths.size())});
    k.inputs[n++].set(lb);
  }
  if (p.additive) {
    setF(in.vv);
    if (p.bias)
      setF(in.bias);
  }
  const int64_t H = p.additive ? 1 : p.H;
  Shape os = p.additive ? Shape{p.B, p.Lq, p.Dv} : Shape{p.B, H, p.Lq, p.Dv};
  Shape ps = p.additive ? Shape{p.B, p.Lq, p.Lk} : Shape{p.B, H, p.Lq, p.Lk};
  std::vector<Tensor> outs{Tensor(os)};
  if (p.probs)
    outs.emplace_back(ps);
  for (Tensor &t : outs)
    std::fill(t.data.begin(), t.data.end(), std::nanf(""));
  std::vector<Halide::Buffer<>> ob;
  for (Tensor &t : outs)
    ob.emplace_back(Halide::Buffer<float>(t.data.data(), halideShape(t.shape)));
  Halide::Realization r(ob);
  auto t0 = std::chrono::steady_clock::now();
  for (int it = 0; it < reps; ++it)
    k.pipeline.realize(r);
  auto t1 = std::chrono::steady_clock::now();
  if (seconds)
    *seconds = std::chrono::duration<double>(t1 - t0).count() / reps;
  return outs;
}

/// The largest max |err| / max(1, max |ref|) seen by expectClose (printed
/// per test by reportError: the error figures).
double gWorstRel = 0;

void reportError(const char *test) {
  std::printf("[error] %s: max |fused - reference| / max(1, max |reference|) = %.2e\n",
              test, gWorstRel);
  gWorstRel = 0;
}

/// max |got - want| over the given rows (all when empty).
void expectClose(const Tensor &got, const std::vector<double> &want, int64_t rowLen,
                 int64_t Lq, const std::vector<int64_t> &rows, const std::string &what) {
  double scale = 1, worst = 0;
  size_t worstAt = 0;
  for (double v : want)
    scale = std::max(scale, std::fabs(v));
  for (size_t n = 0; n < got.data.size(); ++n) {
    int64_t i = (n / rowLen) % Lq;
    if (!rows.empty() && std::find(rows.begin(), rows.end(), i) == rows.end())
      continue;
    double e = std::fabs(double(got.data[n]) - want[n]);
    if (!(e <= worst)) {
      worst = std::isnan(e) ? INFINITY : e;
      worstAt = n;
    }
  }
  gWorstRel = std::max(gWorstRel, worst / scale);
  EXPECT_LE(worst, 1e-5 * scale) << what << ": at flat index " << worstAt << " got "
                                 << got.data[worstAt] << " want " << want[worstAt];
}

void check(const Problem &p, bool dyn, bool naive, const std::string &what,
           uint32_t seed = 1) {
  std::mt19937 rng(seed);
  Inputs in = makeInputs(p, rng);
  KernelDesc desc = makeDesc(p, dyn);
  std::vector<double> ro, rp;
  reference(p, in, {}, ro, rp);
  for (bool nv : {false, true}) {
    if (nv && !naive)
      continue;
    std::string w = what + (nv ? " (naive)" : " (default)");
    std::vector<Tensor> got = run(desc, p, in, nv);
    expectClose(got[0], ro, p.Dv, p.Lq, {}, w + " out");
    if (p.probs)
      expectClose(got[1], rp, p.Lk, p.Lq, {}, w + " probs");
  }
}

std::vector<int32_t> lengthsFor(int64_t B, int64_t L) {
  std::vector<int32_t> l;
  for (int64_t b = 0; b < B; ++b)
    l.push_back(static_cast<int32_t>(std::max<int64_t>(1, L - 3 * b - (b ? L / 3 : 0))));
  return l;
}

//===----------------------------------------------------------------------===//
// Dot
//===----------------------------------------------------------------------===//

TEST(HalideAttention, DotShapesMasks) {
  for (int64_t D : {64, 32})
    for (bool lens : {false, true})
      for (bool causal : {false, true})
        for (int64_t L : {1, 7, 33, 100}) {
          Problem p;
          p.B = 3;
          p.H = 2;
          p.Lq = p.Lk = L;
          p.D = p.Dv = D;
          p.scale = 1.f / std::sqrt(float(D));
          p.causal = causal;
          if (lens)
            p.lengths = lengthsFor(p.B, L);
          std::string w = "dot D=" + std::to_string(D) + " L=" + std::to_string(L) +
                          (lens ? " lengths" : "") + (causal ? " causal" : "");
          check(p, /*dyn=*/true, /*naive=*/L <= 33 && D == 32, w);
        }
  reportError("DotShapesMasks");
}

TEST(HalideAttention, DotStaticShapes) {
  // Static shapes: key_block clamped to Lk, tiles wider than the data.
  for (int64_t L : {7, 33, 100}) {
    Problem p;
    p.B = 2;
    p.H = 2;
    p.Lq = p.Lk = L;
    p.D = p.Dv = 64;
    p.scale = 0.125f;
    p.lengths = {static_cast<int32_t>(L), static_cast<int32_t>(L / 2 + 1)};
    check(p, /*dyn=*/false, false, "dot static L=" + std::to_string(L));
  }
  reportError("DotStaticShapes");
}

TEST(HalideAttention, DotOddFeatureDims) {
  // D and Dv not multiples of the vector width; Lq != Lk.
  for (bool causal : {false, true}) {
    Problem p;
    p.B = 2;
    p.H = 2;
    p.Lq = 19;
    p.Lk = 45;
    p.D = 24;
    p.Dv = 40;
    p.scale = 0.2f;
    p.causal = causal;
    p.lengths = {45, 30};
    check(p, true, false, std::string("dot odd dims") + (causal ? " causal" : ""));
    check(p, false, false, std::string("dot odd dims static") + (causal ? " causal" : ""));
  }
  reportError("DotOddFeatureDims");
}

TEST(HalideAttention, DotLengthZeroRowsAreZero) {
  Problem p;
  p.B = 2;
  p.H = 2;
  p.Lq = p.Lk = 20;
  p.D = p.Dv = 32;
  p.lengths = {0, 5};
  check(p, true, true, "dot with a zero length");
  reportError("DotLengthZeroRowsAreZero");
}

TEST(HalideAttention, DotManyKeyBlocks) {
  // Small key blocks: several online-softmax rescales per row, blocks of
  // equal size that do not divide Lk (padding keys in the last block),
  // masks inside and across blocks, query tiles of 32 and 64.
  for (int64_t kb : {16, 40})
    for (int64_t qt : {32, 64})
      for (bool causal : {false, true}) {
        gKnobs.knobs = {{"key_block", kb}, {"query_tile", qt}};
        Problem p;
        p.B = 2;
        p.H = 2;
        p.Lq = 70;
        p.Lk = 101;
        p.D = p.Dv = 64;
        p.scale = 0.125f;
        p.causal = causal;
        p.lengths = {101, 45};
        std::string w = "dot key_block=" + std::to_string(kb) + " query_tile=" +
                        std::to_string(qt) + (causal ? " causal" : "");
        check(p, true, false, w);
        if (causal)
          check(p, false, false, w + " static");
      }
  gKnobs.knobs.clear();
  reportError("DotManyKeyBlocks");
}

TEST(HalideAttention, DotDecode) {
  for (bool lens : {false, true}) {
    Problem p;
    p.B = 3;
    p.H = 2;
    p.Lq = 1;
    p.Lk = 100;
    p.D = p.Dv = 64;
    p.scale = 0.125f;
    if (lens)
      p.lengths = {100, 37, 1};
    // Lq static 1 (the decode schedule), B and Lk static too.
    check(p, false, true, std::string("dot decode") + (lens ? " lengths" : ""));
    // Lq dynamic: the tiled schedule at Lq = 1.
    check(p, true, false, std::string("dot decode dyn") + (lens ? " lengths" : ""));
  }
  reportError("DotDecode");
}

TEST(HalideAttention, DotDecodeVariantDynamicLq) {
  // The variant asrc calls for Lq <= max_lq (decode schedule, Lq dynamic);
  // still correct past the promise (Lq = 9).
  for (bool causal : {false, true})
    for (int64_t Lq : {1, 2, 3, 4, 9}) {
      Problem p;
      p.B = 2;
      p.H = 3;
      p.Lq = Lq;
      p.Lk = 300;
      p.D = p.Dv = 64;
      p.scale = 0.125f;
      p.causal = causal;
      p.lengths = {300, 77};
      p.maxLq = kAttentionDecodeMaxLq;
      check(p, true, false, "dot decode variant Lq=" + std::to_string(Lq) +
                                (causal ? " causal" : ""));
    }
  // Odd feature dims through the decode schedule.
  Problem p;
  p.B = 2;
  p.H = 2;
  p.Lq = 3;
  p.Lk = 45;
  p.D = 24;
  p.Dv = 40;
  p.scale = 0.2f;
  p.lengths = {45, 30};
  p.maxLq = kAttentionDecodeMaxLq;
  check(p, true, false, "dot decode variant odd dims");
  reportError("DotDecodeVariantDynamicLq");
}

TEST(HalideAttention, DotQueryBroadcast) {
  // Content attention: q [1, 1, Lq, D] (a weight), k / v [B, 1, T, D]; and
  // the other broadcasts (batch only, heads only), each form of the kernel
  // (decode, tiled, two pass with probs).
  struct Case {
    bool oneB, oneH;
    int64_t H;
  };
  for (Case c : {Case{true, true, 1}, Case{true, true, 3}, Case{true, false, 2},
                 Case{false, true, 2}})
    for (int64_t Lq : {1, 37})
      for (bool probs : {false, true})
        for (bool dyn : {true, false}) {
          Problem p;
          p.B = 3;
          p.H = c.H;
          p.Lq = Lq;
          p.Lk = 50;
          p.D = p.Dv = 32;
          p.scale = 0.3f;
          p.qOneB = c.oneB;
          p.qOneH = c.oneH;
          p.probs = probs;
          p.lengths = {50, 17, 1};
          std::string w = std::string("dot query broadcast") + (c.oneB ? " B=1" : "") +
                          (c.oneH ? " H=1" : "") + " H=" + std::to_string(c.H) +
                          " Lq=" + std::to_string(Lq) + (probs ? " probs" : "") +
                          (dyn ? " dyn" : " static");
          check(p, dyn, !dyn && Lq == 1, w);
        }
  reportError("DotQueryBroadcast");
}

TEST(HalideAttention, DotReturnProbs) {
  for (bool causal : {false, true}) {
    Problem p;
    p.B = 2;
    p.H = 2;
    p.Lq = 33;
    p.Lk = 33;
    p.D = p.Dv = 64;
    p.scale = 0.125f;
    p.causal = causal;
    p.probs = true;
    p.lengths = {33, 20};
    check(p, true, true, std::string("dot probs") + (causal ? " causal" : ""));
  }
  reportError("DotReturnProbs");
}

//===----------------------------------------------------------------------===//
// Additive
//===----------------------------------------------------------------------===//

TEST(HalideAttention, Additive) {
  for (bool bias : {false, true})
    for (bool lens : {false, true})
      for (bool probs : {false, true})
        for (int64_t Lq : {1, 7}) {
          Problem p;
          p.additive = true;
          p.B = 2;
          p.Lq = Lq;
          p.Lk = 33;
          p.D = 48;
          p.Dv = 40;
          p.bias = bias;
          p.probs = probs;
          if (lens)
            p.lengths = {33, 11};
          std::string w = "additive Lq=" + std::to_string(Lq) + (bias ? " bias" : "") +
                          (lens ? " lengths" : "") + (probs ? " probs" : "");
          check(p, true, Lq == 7, w);
        }
  reportError("Additive");
}

//===----------------------------------------------------------------------===//
// Memory shape: a [4096, 4096] score matrix would be 64 MB
//===----------------------------------------------------------------------===//

std::atomic<size_t> gLargestAlloc{0};

void *trackedMalloc(Halide::JITUserContext *, size_t n) {
  size_t prev = gLargestAlloc.load();
  while (n > prev && !gLargestAlloc.compare_exchange_weak(prev, n)) {
  }
  return std::aligned_alloc(128, (n + 127) / 128 * 128);
}

void trackedFree(Halide::JITUserContext *, void *p) { std::free(p); }

TEST(HalideAttention, LongSequenceSampledRows) {
  Problem p;
  p.B = 1;
  p.H = 1;
  p.Lq = p.Lk = 4096;
  p.D = p.Dv = 64;
  p.scale = 0.125f;
  std::mt19937 rng(7);
  Inputs in = makeInputs(p, rng);
  KernelDesc desc = makeDesc(p, true);
  // Record the largest heap block the pipeline asks for.
  BuiltKernel &k = compiled(desc, false);
  k.pipeline.jit_handlers().custom_malloc = &trackedMalloc;
  k.pipeline.jit_handlers().custom_free = &trackedFree;
  gLargestAlloc = 0;
  std::vector<Tensor> got = run(desc, p, in, false);
  k.pipeline.jit_handlers().custom_malloc = nullptr;
  k.pipeline.jit_handlers().custom_free = nullptr;
  // Scores of one query tile x one key block: far below one score row
  // block of the whole sequence (the full matrix would be 64 MB).
  std::printf("[memory] L=4096: largest heap block %zu bytes\n", gLargestAlloc.load());
  EXPECT_LT(gLargestAlloc.load(), size_t(1) << 20)
      << "a buffer that grows with Lk was allocated";
  std::vector<int64_t> rows{0, 1, 17, 1000, 2047, 4000, 4095};
  std::vector<double> ro, rp;
  reference(p, in, rows, ro, rp);
  expectClose(got[0], ro, p.Dv, p.Lq, rows, "dot L=4096 sampled rows");
  reportError("LongSequenceSampledRows");
}

} // namespace
