//===- CudaKernelsAttentionTest.cpp - CUDA kernels on the CPU emulator ----===//
//
// FusedAttention (flash, split-K rows and two-pass kernels) against the
// Halide kernel of the same desc and a plain double-precision loop (masked
// softmax(Q K^T * scale) V, or the additive score); RecurrentStep against a
// loop of the PyTorch LSTM / GRU formulas, several steps chained.
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace cudatest;

namespace {

//===----------------------------------------------------------------------===//
// FusedAttention
//===----------------------------------------------------------------------===//

struct Problem {
  bool additive = false;
  int64_t B = 1, H = 1, Lq = 1, Lk = 1, D = 8, Dv = 8;
  bool causal = false, probs = false, bias = false;
  std::vector<int64_t> lengths; ///< empty: none
  double scale = 1.0;
  bool qOneB = false, qOneH = false; ///< the query's batch / head dim is a static 1
  int64_t maxLq = 0;
  /// Dynamic (-1) dims in the desc.
  bool dynB = false, dynLq = false, dynLk = false, dynD = false;
  ElemType ft = ElemType::F32;
  ElemType lengthsType = ElemType::I32;
  int64_t qB() const { return qOneB ? 1 : B; }
  int64_t qH() const { return qOneH ? 1 : H; }
};

KernelDesc makeDesc(const Problem &p) {
  KernelDesc d;
  d.kind = KernelKind::FusedAttention;
  d.fn = p.additive ? "additive" : "dot";
  int64_t B = p.dynB ? -1 : p.B, Lq = p.dynLq ? -1 : p.Lq, Lk = p.dynLk ? -1 : p.Lk;
  int64_t D = p.dynD ? -1 : p.D, Dv = p.dynD ? -1 : p.Dv;
  int64_t qB = p.qOneB ? 1 : B;
  if (p.additive) {
    d.inputs = {{p.ft, {qB, Lq, D}}, {p.ft, {B, Lk, D}}, {p.ft, {B, Lk, Dv}}};
  } else {
    d.inputs = {{p.ft, {qB, p.qH(), Lq, D}}, {p.ft, {B, p.H, Lk, D}}, {p.ft, {B, p.H, Lk, Dv}}};
  }
  if (!p.lengths.empty()) {
    d.inputs.push_back({p.lengthsType, {B}});
    d.ints["has_lengths"] = 1;
  }
  if (p.additive) {
    d.inputs.push_back({p.ft, {D}});
    if (p.bias) {
      d.inputs.push_back({p.ft, {D}});
      d.ints["has_bias"] = 1;
    }
  }
  d.outputs = {p.additive ? TensorDesc{p.ft, {B, Lq, Dv}} : TensorDesc{p.ft, {B, p.H, Lq, Dv}}};
  if (p.probs) {
    d.outputs.push_back(p.additive ? TensorDesc{p.ft, {B, Lq, Lk}}
                                   : TensorDesc{p.ft, {B, p.H, Lq, Lk}});
    d.ints["return_probs"] = 1;
  }
  d.ints["causal"] = p.causal ? 1 : 0;
  if (p.maxLq)
    d.ints["max_lq"] = p.maxLq;
  d.floats["scale"] = p.scale;
  return d;
}

std::vector<HostTensor> makeInputs(const Problem &p, std::mt19937 &rng) {
  std::vector<HostTensor> in;
  if (p.additive) {
    in.push_back(randomTensor(p.ft, {p.qB(), p.Lq, p.D}, rng));
    in.push_back(randomTensor(p.ft, {p.B, p.Lk, p.D}, rng));
    in.push_back(randomTensor(p.ft, {p.B, p.Lk, p.Dv}, rng));
  } else {
    in.push_back(randomTensor(p.ft, {p.qB(), p.qH(), p.Lq, p.D}, rng));
    in.push_back(randomTensor(p.ft, {p.B, p.H, p.Lk, p.D}, rng));
    in.push_back(randomTensor(p.ft, {p.B, p.H, p.Lk, p.Dv}, rng));
  }
  if (!p.lengths.empty()) {
    std::vector<double> l(p.lengths.begin(), p.lengths.end());
    in.push_back(fromValues(p.lengthsType, {p.B}, l));
  }
  if (p.additive) {
    in.push_back(randomTensor(p.ft, {p.D}, rng));
    if (p.bias)
      in.push_back(randomTensor(p.ft, {p.D}, rng));
  }
  return in;
}

std::vector<Shape> outputDims(const Problem &p) {
  std::vector<Shape> dims = {p.additive ? Shape{p.B, p.Lq, p.Dv} : Shape{p.B, p.H, p.Lq, p.Dv}};
  if (p.probs)
    dims.push_back(p.additive ? Shape{p.B, p.Lq, p.Lk} : Shape{p.B, p.H, p.Lq, p.Lk});
  return dims;
}

/// The loop reference (double precision): out (and probs when asked).
std::vector<HostTensor> reference(const Problem &p, const std::vector<HostTensor> &in) {
  const int64_t H = p.additive ? 1 : p.H;
  std::vector<Shape> dims = outputDims(p);
  HostTensor out(ElemType::F32, dims[0]), probs(ElemType::F32, p.probs ? dims[1] : Shape{1});
  const HostTensor &q = in[0], &k = in[1], &v = in[2];
  size_t n = 3 + (p.lengths.empty() ? 0 : 1);
  const HostTensor *vv = p.additive ? &in[n] : nullptr;
  const HostTensor *bias = p.additive && p.bias ? &in[n + 1] : nullptr;
  std::vector<double> s(p.Lk);
  for (int64_t b = 0; b < p.B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < p.Lq; ++i) {
        const int64_t bh = b * H + h;
        const int64_t qbh = p.additive ? (p.qOneB ? 0 : b)
                                       : (p.qOneB ? 0 : b) * p.qH() + (p.qOneH ? 0 : h);
        int64_t limit = p.Lk;
        if (!p.lengths.empty())
          limit = std::min(limit, p.lengths[b]);
        if (p.causal)
          limit = std::min(limit, i + 1);
        double mx = -INFINITY;
        for (int64_t j = 0; j < limit; ++j) {
          double acc = 0;
          for (int64_t a = 0; a < p.D; ++a) {
            double qa = q.get((qbh * p.Lq + i) * p.D + a), ka = k.get((bh * p.Lk + j) * p.D + a);
            if (p.additive)
              acc += vv->get(a) * std::tanh(qa + ka + (bias ? bias->get(a) : 0.0));
            else
              acc += qa * ka;
          }
          s[j] = p.additive ? acc : acc * p.scale;
          mx = std::max(mx, s[j]);
        }
        double sum = 0;
        for (int64_t j = 0; j < limit; ++j)
          sum += std::exp(s[j] - mx);
        for (int64_t e = 0; e < p.Dv; ++e) {
          double o = 0;
          for (int64_t j = 0; j < limit; ++j)
            o += std::exp(s[j] - mx) / sum * v.get((bh * p.Lk + j) * p.Dv + e);
          out.set((bh * p.Lq + i) * p.Dv + e, o);
        }
        if (p.probs)
          for (int64_t j = 0; j < p.Lk; ++j)
            probs.set((bh * p.Lq + i) * p.Lk + j, j < limit ? std::exp(s[j] - mx) / sum : 0.0);
      }
  std::vector<HostTensor> r = {out};
  if (p.probs)
    r.push_back(probs);
  return r;
}

/// Runs p through the CUDA kernel, the Halide kernel and the loop; compares
/// CUDA with both.
void check(const Problem &p, uint32_t seed = 1, double rtol = 2e-4, double atol = 2e-5) {
  SCOPED_TRACE(makeDesc(p).key());
  std::mt19937 rng(seed);
  KernelDesc d = makeDesc(p);
  std::vector<HostTensor> in = makeInputs(p, rng);
  std::vector<HostTensor> got, halide;
  for (const Shape &s : outputDims(p)) {
    got.push_back(poisoned(p.ft, s));
    halide.push_back(poisoned(p.ft, s));
  }
  ASSERT_TRUE(runCuda(d, in, got));
  runHalide(d, in, halide);
  std::vector<HostTensor> want = reference(p, in);
  for (size_t i = 0; i < got.size(); ++i) {
    std::string what = i == 0 ? "out" : "probs";
    expectClose(got[i], halide[i], what + " vs Halide", rtol, atol);
    HostTensor loop(p.ft, got[i].dims);
    for (int64_t x = 0; x < loop.size(); ++x)
      loop.set(x, want[i].get(x));
    expectClose(got[i], loop, what + " vs loop", rtol, atol);
  }
}

/// Dynamic Lk = 0 (no keys): every output row is 0; Lq = 0: nothing to do.
void checkNoKeys(Problem p) {
  SCOPED_TRACE("no keys: " + makeDesc(p).key());
  std::mt19937 rng(9);
  p.Lk = 0;
  std::vector<HostTensor> in = makeInputs(p, rng);
  std::vector<HostTensor> got;
  for (const Shape &s : outputDims(p))
    got.push_back(poisoned(p.ft, s));
  ASSERT_TRUE(runCuda(makeDesc(p), in, got));
  expectClose(got[0], HostTensor(p.ft, got[0].dims), "out");
  p.Lq = 0;
  in = makeInputs(p, rng);
  got = {poisoned(p.ft, outputDims(p)[0])};
  ASSERT_TRUE(runCuda(makeDesc(p), in, got));
}

TEST(CudaAttentionFlash, TailsMatchHalideAndLoop) {
  // Tiles of 64 queries x 32 keys (D = 64): neither Lq nor Lk a multiple.
  Problem p;
  p.B = 2;
  p.H = 2;
  p.Lq = 70;
  p.Lk = 101;
  p.D = p.Dv = 64;
  p.scale = 0.125;
  check(p);
}

TEST(CudaAttentionFlash, CausalLengthsDynamic) {
  // Dynamic B, Lq, Lk; key lengths with a 0 (that row's outputs are 0) and
  // one past Lk; causal.
  Problem p;
  p.B = 3;
  p.H = 2;
  p.Lq = 67;
  p.Lk = 75;
  p.D = p.Dv = 64;
  p.scale = 0.125;
  p.causal = true;
  p.lengths = {40, 0, 90};
  p.dynB = p.dynLq = p.dynLk = true;
  check(p);
  checkNoKeys(p);
  p.causal = false;
  p.lengthsType = ElemType::I64;
  check(p, 2);
}

TEST(CudaAttentionFlash, BroadcastQueryOddHeadDim) {
  // A static-1 query batch and head (read at 0); D = 40, Dv = 24: not
  // multiples of the 16-byte groups of a row group's lanes.
  Problem p;
  p.B = 2;
  p.H = 3;
  p.Lq = 33;
  p.Lk = 130;
  p.D = 40;
  p.Dv = 24;
  p.qOneB = p.qOneH = true;
  p.scale = 0.3;
  check(p);
}

TEST(CudaAttentionFlash, HeadDim128AndF16) {
  Problem p;
  p.B = 1;
  p.H = 2;
  p.Lq = 40;
  p.Lk = 45;
  p.D = p.Dv = 128;
  p.scale = 0.088;
  p.causal = true;
  check(p);
  Problem f;
  f.B = 2;
  f.H = 1;
  f.Lq = 20;
  f.Lk = 37;
  f.D = f.Dv = 64;
  f.scale = 0.125;
  f.lengths = {30, 37};
  f.ft = ElemType::F16;
  check(f, 3, 4e-3, 2e-3);
}

TEST(CudaAttentionFlash, SourceHasTilesAndOnlineRescale) {
  Problem p;
  p.Lq = 100;
  p.Lk = 100;
  p.D = p.Dv = 64;
  std::string src = cudaSource(makeDesc(p));
  EXPECT_NE(src.find("__shared__ asrc_attn_f4 q_tile["), std::string::npos);
  EXPECT_NE(src.find("__shared__ asrc_attn_f4 kv_tile["), std::string::npos);
  EXPECT_NE(src.find("exp2f(m[r] - m_new)"), std::string::npos) << "no online-softmax rescale";
  EXPECT_NE(src.find("o[r][c][0] *= alpha"), std::string::npos) << "no accumulator rescale";
  EXPECT_EQ(src.find("_combine"), std::string::npos);
  // The decode form is the split-K kernel with its combine step.
  p.Lq = 1;
  src = cudaSource(makeDesc(p));
  EXPECT_NE(src.find("_combine(asrc_cu_args a)"), std::string::npos);
}

TEST(CudaAttentionDecode, SplitKeysMatchHalideAndLoop) {
  // Lq = 1 with keys over several splits (128-key tiles, 256+ keys a split).
  Problem p;
  p.B = 1;
  p.H = 2;
  p.Lq = 1;
  p.Lk = 900;
  p.D = p.Dv = 64;
  p.scale = 0.125;
  p.lengths = {700};
  check(p);
}

TEST(CudaAttentionDecode, MaxLqPromiseAnyLq) {
  // A dynamic Lq with max_lq = 4 run with Lq = 3 (and, beyond the promise,
  // Lq = 9: still correct); causal; dynamic Lk.
  Problem p;
  p.B = 2;
  p.H = 2;
  p.Lq = 3;
  p.Lk = 300;
  p.D = p.Dv = 32;
  p.scale = 0.17;
  p.causal = false;
  p.maxLq = 4;
  p.dynLq = p.dynLk = true;
  p.lengths = {300, 0};
  check(p);
  p.Lq = 9;
  p.Lk = 260;
  check(p, 5);
  checkNoKeys(p);
}

TEST(CudaAttentionDecode, DynamicHeadDim) {
  // Dynamic D and Dv: the split-K kernel for many queries too; Dv > 128
  // takes two chunks of value columns.
  Problem p;
  p.B = 1;
  p.H = 2;
  p.Lq = 6;
  p.Lk = 150;
  p.D = 50;
  p.Dv = 150;
  p.dynD = true;
  p.scale = 0.2;
  p.causal = true;
  check(p);
}

TEST(CudaAttentionTwoPass, DotWithProbs) {
  Problem p;
  p.B = 2;
  p.H = 2;
  p.Lq = 5;
  p.Lk = 140;
  p.D = p.Dv = 32;
  p.scale = 0.25;
  p.causal = true;
  p.probs = true;
  p.lengths = {3, 140};
  check(p);
}

TEST(CudaAttentionTwoPass, Additive) {
  Problem p;
  p.additive = true;
  p.B = 2;
  p.Lq = 3;
  p.Lk = 150;
  p.D = 24;
  p.Dv = 40;
  p.probs = true;
  p.lengths = {0, 120};
  p.dynLk = true;
  check(p);
  // With a bias, no probs, a broadcast query batch.
  p.bias = true;
  p.probs = false;
  p.qOneB = true;
  p.lengths.clear();
  check(p, 4);
}

//===----------------------------------------------------------------------===//
// RecurrentStep
//===----------------------------------------------------------------------===//

struct Rnn {
  bool lstm = true;
  int64_t B = 1, T = 1, H = 1, O = 1, outCol = 0;
  bool reverse = false, dynamic = false;
  std::vector<int64_t> lengths; ///< empty: none
  ElemType lengthsType = ElemType::I64;
  int64_t G() const { return lstm ? 4 : 3; }
};

KernelDesc rnnDesc(const Rnn &r) {
  KernelDesc d;
  d.kind = KernelKind::RecurrentStep;
  d.fn = r.lstm ? "lstm" : "gru";
  int64_t B = r.dynamic ? -1 : r.B, T = r.dynamic ? -1 : r.T, H = r.H, GH = r.G() * r.H;
  d.inputs = {{ElemType::F32, {B, T, GH}},
              {ElemType::F32, {GH, H}},
              {ElemType::F32, {GH}},
              {ElemType::F32, {B, H}}};
  if (r.lstm)
    d.inputs.push_back({ElemType::F32, {B, H}});
  if (!r.lengths.empty()) {
    d.inputs.push_back({r.lengthsType, {B}});
    d.ints["has_lengths"] = 1;
  }
  d.outputs = {{ElemType::F32, {B, T, r.dynamic ? -1 : r.O}},
               {ElemType::F32, {B, H}}};
  if (r.lstm)
    d.outputs.push_back({ElemType::F32, {B, H}});
  d.ints["reverse"] = r.reverse ? 1 : 0;
  d.ints["out_col"] = r.outCol;
  return d;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Runs `steps` chained steps on the emulator and as a loop; compares out,
/// h and c after each.
void checkRnn(const Rnn &r, int steps, uint32_t seed) {
  KernelDesc d = rnnDesc(r);
  SCOPED_TRACE(d.key());
  std::mt19937 rng(seed);
  const int64_t B = r.B, T = r.T, H = r.H, G = r.G(), O = r.O;
  HostTensor xg = randomTensor(ElemType::F32, {B, T, G * H}, rng);
  HostTensor w = randomTensor(ElemType::F32, {G * H, H}, rng, -0.3, 0.3);
  HostTensor bhh = randomTensor(ElemType::F32, {G * H}, rng);
  HostTensor h = randomTensor(ElemType::F32, {B, H}, rng);
  HostTensor c = randomTensor(ElemType::F32, {B, H}, rng);
  HostTensor out = randomTensor(ElemType::F32, {B, T, O}, rng); // other columns kept
  std::vector<double> rh(h.size()), rc(c.size()), rout(out.size());
  for (int64_t i = 0; i < h.size(); ++i) {
    rh[i] = h.get(i);
    rc[i] = c.get(i);
  }
  for (int64_t i = 0; i < out.size(); ++i)
    rout[i] = out.get(i);
  HostTensor lengths;
  if (!r.lengths.empty())
    lengths = fromValues(r.lengthsType, {B},
                         std::vector<double>(r.lengths.begin(), r.lengths.end()));
  for (int s = 0; s < steps; ++s) {
    std::vector<HostTensor> in = {xg, w, bhh, h};
    if (r.lstm)
      in.push_back(c);
    if (!r.lengths.empty())
      in.push_back(lengths);
    std::vector<HostTensor> res = {out, poisoned(ElemType::F32, {B, H})};
    if (r.lstm)
      res.push_back(poisoned(ElemType::F32, {B, H}));
    ASSERT_TRUE(runCuda(d, in, res, {s}));
    // The loop.
    const int64_t t = r.reverse ? T - 1 - s : s;
    std::vector<double> nh(rh), nc(rc);
    for (int64_t b = 0; b < B; ++b) {
      double *o = &rout[(b * T + t) * O + r.outCol];
      if (!r.lengths.empty() && t >= r.lengths[b]) {
        for (int64_t j = 0; j < H; ++j)
          o[j] = 0;
        continue;
      }
      for (int64_t j = 0; j < H; ++j) {
        double g[4];
        for (int64_t k = 0; k < G; ++k) {
          double acc = bhh.get(k * H + j);
          for (int64_t x = 0; x < H; ++x)
            acc += w.get((k * H + j) * H + x) * rh[b * H + x];
          g[k] = acc;
        }
        auto xv = [&](int64_t k) { return xg.get((b * T + t) * G * H + k * H + j); };
        double hn;
        if (r.lstm) {
          double ig = sigmoid(xv(0) + g[0]), fg = sigmoid(xv(1) + g[1]);
          double gg = std::tanh(xv(2) + g[2]), og = sigmoid(xv(3) + g[3]);
          nc[b * H + j] = fg * rc[b * H + j] + ig * gg;
          hn = og * std::tanh(nc[b * H + j]);
        } else {
          double rg = sigmoid(xv(0) + g[0]), zg = sigmoid(xv(1) + g[1]);
          double ng = std::tanh(xv(2) + rg * g[2]);
          hn = (1 - zg) * ng + zg * rh[b * H + j];
        }
        nh[b * H + j] = hn;
        o[j] = hn;
      }
    }
    rh = nh;
    rc = nc;
    HostTensor wantOut(ElemType::F32, {B, T, O}), wantH(ElemType::F32, {B, H}),
        wantC(ElemType::F32, {B, H});
    for (int64_t i = 0; i < wantOut.size(); ++i)
      wantOut.set(i, rout[i]);
    for (int64_t i = 0; i < wantH.size(); ++i) {
      wantH.set(i, rh[i]);
      wantC.set(i, rc[i]);
    }
    std::string at = " after step " + std::to_string(s);
    expectClose(res[0], wantOut, "out" + at);
    expectClose(res[1], wantH, "h" + at);
    if (r.lstm)
      expectClose(res[2], wantC, "c" + at);
    out = res[0];
    h = res[1];
    if (r.lstm)
      c = res[2];
  }
}

TEST(CudaAttentionRecurrent, LstmForwardLengths) {
  // 10 batch rows (two blocks of 8), 37 units (not a multiple of 4), an
  // output wider than H (a bidirectional layer's forward half at column 0).
  Rnn r;
  r.lstm = true;
  r.B = 10;
  r.T = 5;
  r.H = 37;
  r.O = 80;
  r.lengths = {5, 2, 0, 5, 3, 1, 5, 4, 5, 2};
  checkRnn(r, 5, 11);
}

TEST(CudaAttentionRecurrent, LstmReverseDynamic) {
  Rnn r;
  r.lstm = true;
  r.B = 3;
  r.T = 4;
  r.H = 20;
  r.O = 40;
  r.outCol = 20;
  r.reverse = true;
  r.dynamic = true;
  r.lengths = {4, 2, 3};
  r.lengthsType = ElemType::I32;
  checkRnn(r, 4, 12);
}

TEST(CudaAttentionRecurrent, Gru) {
  // H = 300: two 256-feature chunks of h; reverse with lengths.
  Rnn r;
  r.lstm = false;
  r.B = 2;
  r.T = 3;
  r.H = 300;
  r.O = 300;
  checkRnn(r, 3, 13);
  Rnn q;
  q.lstm = false;
  q.B = 3;
  q.T = 4;
  q.H = 24;
  q.O = 48;
  q.outCol = 24;
  q.reverse = true;
  q.lengths = {4, 1, 3};
  checkRnn(q, 4, 14);
}

} // namespace
