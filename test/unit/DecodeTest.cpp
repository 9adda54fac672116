//===- DecodeTest.cpp - asrc_ctc_decode, asrc_model_call, asrc_decode -----===//
//
// CTC prefix beam search against brute force (every alignment enumerated and
// collapsed), greedy CTC on hand-made inputs, the entry-point table on a
// model with a fake entry, and the decoders' argument errors.
//
//===----------------------------------------------------------------------===//
#include "asrc.h"
#include "asrc_rt.h"
#include "RuntimeTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using asrctest::Transcripts;
using asrctest::tensor3;

struct ErrorGuard {
  asrc_error *e;
  explicit ErrorGuard(asrc_error *e) : e(e) {}
  ~ErrorGuard() { asrc_error_free(e); }
  std::string message() const { return e ? asrc_error_message(e) : ""; }
  asrc_code code() const { return e ? asrc_error_code(e) : ASRC_OK; }
};

double logAdd(double a, double b) {
  if (a == -INFINITY)
    return b;
  if (b == -INFINITY)
    return a;
  double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

/// log P(labels) for every label sequence: all V^T alignments, collapsed.
std::map<std::vector<int32_t>, double> bruteForce(const std::vector<float> &lp, int T, int V,
                                                  int blank) {
  std::map<std::vector<int32_t>, double> out;
  std::vector<int> path(T, 0);
  while (true) {
    double s = 0;
    std::vector<int32_t> labels;
    int prev = -1;
    for (int t = 0; t < T; ++t) {
      s += lp[t * V + path[t]];
      if (path[t] != blank && path[t] != prev)
        labels.push_back(path[t]);
      prev = path[t];
    }
    auto it = out.find(labels);
    out[labels] = it == out.end() ? s : logAdd(it->second, s);
    int t = 0;
    while (t < T && ++path[t] == V)
      path[t++] = 0;
    if (t == T)
      break;
  }
  return out;
}

TEST(CtcDecode, PrefixBeamMatchesBruteForce) {
  const int T = 6, V = 3, blank = 0;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.f, 1.5f);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<float> lp(T * V);
    for (int t = 0; t < T; ++t) {
      double m = 0;
      for (int v = 0; v < V; ++v)
        m += std::exp(lp[t * V + v] = normal(rng));
      for (int v = 0; v < V; ++v)
        lp[t * V + v] -= float(std::log(m));
    }
    auto exact = bruteForce(lp, T, V, blank);
    std::vector<std::pair<double, std::vector<int32_t>>> ranked;
    for (auto &[labels, s] : exact)
      ranked.push_back({s, labels});
    std::sort(ranked.begin(), ranked.end(), [](auto &a, auto &b) { return a.first > b.first; });

    // Every prefix of up to T labels over 2 non-blank tokens fits in 127 beams:
    // the search is then exact.
    asrc_tensor x = tensor3(lp, 1, T, V);
    asrc_decode_options opts{};
    opts.beam_width = 127;
    opts.nbest = 8;
    Transcripts out;
    ErrorGuard err(asrc_ctc_decode(&x, nullptr, blank, &opts, &out.t));
    ASSERT_EQ(err.e, nullptr) << err.message();
    ASSERT_EQ(out.t.batch, 1);
    ASSERT_EQ(out.t.nbest, 8);
    for (int i = 0; i < 8; ++i) {
      const asrc_hypothesis &h = out.t.hyps[i];
      std::vector<int32_t> got(h.tokens, h.tokens + h.length);
      EXPECT_EQ(got, ranked[i].second) << "trial " << trial << " rank " << i;
      EXPECT_NEAR(h.score, ranked[i].first, 1e-4) << "trial " << trial << " rank " << i;
      EXPECT_EQ(h.finished, 1);
    }
  }
}

TEST(CtcDecode, GreedyMergesRepeatsAndHonoursLengths) {
  // Frames' best tokens: 1 1 0 1 2 2 0 3 | 2 (past utterance 0's length 8).
  const int T = 9, V = 4;
  const int best[T] = {1, 1, 0, 1, 2, 2, 0, 3, 2};
  std::vector<float> lp(2 * T * V, std::log(0.1f));
  for (int b = 0; b < 2; ++b)
    for (int t = 0; t < T; ++t)
      lp[(b * T + t) * V + best[t]] = std::log(0.7f);
  asrc_tensor x = tensor3(lp, 2, T, V);
  int32_t len[2] = {8, 0};
  asrc_tensor lengths{};
  lengths.dtype = ASRC_I32;
  lengths.rank = 1;
  lengths.shape[0] = 2;
  lengths.data = len;
  Transcripts out;
  ErrorGuard err(asrc_ctc_decode(&x, &lengths, 0, nullptr, &out.t));
  ASSERT_EQ(err.e, nullptr) << err.message();
  const asrc_hypothesis &h0 = out.t.hyps[0], &h1 = out.t.hyps[1];
  EXPECT_EQ(std::vector<int32_t>(h0.tokens, h0.tokens + h0.length),
            (std::vector<int32_t>{1, 1, 2, 3}));
  EXPECT_NEAR(h0.score, 8 * std::log(0.7), 1e-5);
  EXPECT_EQ(h1.length, 0); // no frames: the empty transcript, probability 1
  EXPECT_EQ(h1.score, 0.f);
}

TEST(CtcDecode, Errors) {
  std::vector<float> lp(2 * 3 * 4, -1.f);
  asrc_tensor x = tensor3(lp, 2, 3, 4);
  Transcripts out;
  {
    ErrorGuard e(asrc_ctc_decode(nullptr, nullptr, 0, nullptr, &out.t));
    EXPECT_EQ(e.code(), ASRC_INVALID_ARGUMENT);
    EXPECT_NE(e.message().find("log_probs is NULL"), std::string::npos) << e.message();
  }
  {
    ErrorGuard e(asrc_ctc_decode(&x, nullptr, 4, nullptr, &out.t));
    EXPECT_NE(e.message().find("blank 4 is not a token of the vocabulary of 4"), std::string::npos)
        << e.message();
  }
  {
    int32_t len[2] = {3, 4};
    asrc_tensor l{};
    l.dtype = ASRC_I32;
    l.rank = 1;
    l.shape[0] = 2;
    l.data = len;
    ErrorGuard e(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t));
    EXPECT_NE(e.message().find("lengths[1] = 4 is outside [0, 3]"), std::string::npos)
        << e.message();
    l.shape[0] = 3;
    ErrorGuard e2(asrc_ctc_decode(&x, &l, 0, nullptr, &out.t));
    EXPECT_NE(e2.message().find("lengths must be i32 or i64 [2]"), std::string::npos)
        << e2.message();
  }
  {
    asrc_decode_options o{};
    o.beam_width = 2;
    o.nbest = 3;
    ErrorGuard e(asrc_ctc_decode(&x, nullptr, 0, &o, &out.t));
    EXPECT_NE(e.message().find("nbest 3 is more than beam_width 2"), std::string::npos)
        << e.message();
  }
  {
    x.rank = 2;
    ErrorGuard e(asrc_ctc_decode(&x, nullptr, 0, nullptr, &out.t));
    EXPECT_NE(e.message().find("must be f32 [B, T, V]"), std::string::npos) << e.message();
  }
}

/// A fake entry point: out[0] = 2 * in[0] (f32 [n]).
asrc_error *twice(asrc_model *, const asrc_tensor *const *in, asrc_tensor *const *out) {
  int64_t n = in[0]->shape[0];
  if (asrc_error *e = asrc_tensor_alloc(ASRC_F32, 1, &n, out[0]))
    return e;
  for (int64_t i = 0; i < n; ++i)
    static_cast<float *>(out[0]->data)[i] = 2 * static_cast<const float *>(in[0]->data)[i];
  return nullptr;
}

TEST(ModelCall, ByNameAndErrors) {
  asrc_model *model = nullptr;
  ErrorGuard created(asrc_rt_model_create("fake", nullptr, 0, nullptr, nullptr, &model));
  ASSERT_EQ(created.e, nullptr) << created.message();
  static const int64_t dims[] = {-1};
  static const char *const syms[] = {"N"};
  static const asrc_rt_port ins[] = {{"x", ASRC_F32, 1, dims, syms}};
  static const asrc_rt_port outs[] = {{"y", ASRC_F32, 1, nullptr, nullptr}};
  static const asrc_rt_entry entries[] = {{"twice", 1, 1, ins, outs, twice}};
  asrc_rt_model_set_program(model, entries, 1, nullptr);

  float data[3] = {1, 2, 3};
  asrc_tensor x{};
  x.dtype = ASRC_F32;
  x.rank = 1;
  x.shape[0] = 3;
  x.data = data;
  asrc_tensor y{};
  const asrc_tensor *in[] = {&x};
  asrc_tensor *out[] = {&y};
  ErrorGuard ok(asrc_model_call(model, "twice", in, 1, out, 1));
  ASSERT_EQ(ok.e, nullptr) << ok.message();
  EXPECT_EQ(static_cast<float *>(y.data)[2], 6.f);
  asrc_tensor_free(&y);

  ErrorGuard unknown(asrc_model_call(model, "thrice", in, 1, out, 1));
  EXPECT_EQ(unknown.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_EQ(unknown.message(), "fake: no entry point 'thrice' (has: twice)");
  ErrorGuard count(asrc_model_call(model, "twice", in, 2, out, 1));
  EXPECT_EQ(count.message(), "fake: twice takes 1 inputs and 1 outputs, got 2 and 1");
  ErrorGuard null(asrc_model_call(model, "twice", nullptr, 1, out, 1));
  EXPECT_EQ(null.code(), ASRC_INVALID_ARGUMENT);

  // No recipe: asrc_decode says so.
  Transcripts t;
  ErrorGuard none(asrc_decode(model, in, 1, nullptr, &t.t));
  EXPECT_EQ(none.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_NE(none.message().find("has no decoding recipe"), std::string::npos) << none.message();
  asrc_model_destroy(model);
}

} // namespace
