//===- HalideKernelsFrontEndTest.cpp - LogMel vs plain loops --------------===//
//
// JIT-compiles KernelKind::LogMel (default and naive schedules, the folded
// and the plain DFT) and compares it with a double-precision reference
// written here as plain loops: framing, window, a direct DFT, power, the mel
// filterbank (librosa's Slaney / Kaldi's triangles), log, Whisper's
// normalisation. Small sizes with dynamic B and N; both styles, with and
// without lengths. max abs error <= 1e-3 on the log-mel values (the
// recordings-level parity with PyTorch is test/e2e/test_log_mel.py).
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace asr::kernels;

namespace {

struct Config {
  bool kaldi = false;
  int64_t sr = 16000, nMels = 80, nFft = 400, win = 400, hop = 160;
  double low = 0, high = 8000, preemph = 0, scale = 1;
};

Config whisper(int64_t nMels = 80) {
  Config c;
  c.nMels = nMels;
  return c;
}

Config kaldi16k(int64_t nMels = 80) {
  Config c;
  c.kaldi = true;
  c.nMels = nMels;
  c.nFft = 512;
  c.low = 20;
  c.preemph = 0.97;
  c.scale = 32768;
  return c;
}

KernelDesc makeDesc(const Config &c, bool lengths) {
  KernelDesc d;
  d.kind = KernelKind::LogMel;
  d.fn = c.kaldi ? "kaldi" : "whisper";
  d.inputs = {{ElemType::F32, {-1, -1}}};
  if (lengths)
    d.inputs.push_back({ElemType::I32, {-1}});
  d.outputs = {{ElemType::F32, {-1, -1, c.nMels}}};
  d.ints = {{"sample_rate", c.sr}, {"n_mels", c.nMels}, {"n_fft", c.nFft},
            {"win_length", c.win}, {"hop_length", c.hop}, {"has_lengths", lengths}};
  d.floats = {{"low_freq", c.low}, {"high_freq", c.high}, {"preemphasis", c.preemph},
              {"scale", c.scale}};
  return d;
}

int64_t framesOf(const Config &c, int64_t n) {
  if (!c.kaldi)
    return n / c.hop;
  return n >= c.win ? 1 + (n - c.win) / c.hop : 0;
}

// --- the reference, in double ---

double slaneyMel(double hz) {
  return hz < 1000 ? hz * 3 / 200 : 15 + std::log(hz / 1000) * 27 / std::log(6.4);
}
double slaneyHz(double mel) {
  return mel < 15 ? mel * 200 / 3 : 1000 * std::exp((mel - 15) * std::log(6.4) / 27);
}

std::vector<std::vector<double>> referenceFilters(const Config &c) {
  int64_t bins = c.nFft / 2 + 1;
  std::vector<std::vector<double>> w(c.nMels, std::vector<double>(bins, 0));
  for (int64_t m = 0; m < c.nMels; ++m) {
    for (int64_t f = 0; f < bins; ++f) {
      double hz = double(f) * c.sr / c.nFft;
      if (!c.kaldi) {
        auto edge = [&](int64_t i) {
          double lo = slaneyMel(c.low), hi = slaneyMel(c.high);
          return slaneyHz(lo + (hi - lo) * i / (c.nMels + 1));
        };
        double l = edge(m), ce = edge(m + 1), r = edge(m + 2);
        double tri = std::max(0.0, std::min((hz - l) / (ce - l), (r - hz) / (r - ce)));
        w[m][f] = tri * 2 / (r - l);
      } else if (f < c.nFft / 2) {
        auto mel = [](double h) { return 1127 * std::log(1 + h / 700); };
        double d = (mel(c.high) - mel(c.low)) / (c.nMels + 1);
        double l = mel(c.low) + m * d, ce = l + d, r = ce + d, x = mel(hz);
        if (x > l && x < r)
          w[m][f] = x <= ce ? (x - l) / (ce - l) : (r - x) / (r - ce);
      }
    }
  }
  return w;
}

/// out[b][t][m]; frames past lengths[b]'s are 0.
std::vector<double> reference(const Config &c, const std::vector<float> &x, int64_t B,
                              int64_t N, const std::vector<int32_t> &lengths) {
  int64_t T = framesOf(c, N), bins = c.nFft / 2 + 1;
  auto filt = referenceFilters(c);
  std::vector<double> out(B * T * c.nMels, 0.0);
  for (int64_t b = 0; b < B; ++b) {
    int64_t L = lengths.empty() ? N : lengths[b];
    int64_t valid = std::min(framesOf(c, L), T);
    const float *s = &x[b * N];
    std::vector<double> lm(valid * c.nMels);
    double mx = -INFINITY;
    for (int64_t t = 0; t < valid; ++t) {
      std::vector<double> frame(c.nFft, 0.0);
      if (!c.kaldi) {
        int64_t off = (c.nFft - c.win) / 2;
        for (int64_t i = 0; i < c.win; ++i) {
          int64_t j = t * c.hop + off + i - c.nFft / 2;
          if (j < 0)
            j = -j;
          if (j >= L)
            j = 2 * (L - 1) - j;
          double w = 0.5 - 0.5 * std::cos(2 * M_PI * i / c.win);
          frame[off + i] = s[j] * c.scale * w;
        }
      } else {
        std::vector<double> raw(c.win);
        double mean = 0;
        for (int64_t i = 0; i < c.win; ++i)
          mean += raw[i] = s[t * c.hop + i] * c.scale;
        mean /= c.win;
        for (double &v : raw)
          v -= mean;
        for (int64_t i = c.win - 1; i > 0; --i)
          raw[i] -= c.preemph * raw[i - 1];
        raw[0] -= c.preemph * raw[0];
        for (int64_t i = 0; i < c.win; ++i)
          frame[i] = raw[i] * std::pow(0.5 - 0.5 * std::cos(2 * M_PI * i / (c.win - 1)), 0.85);
      }
      std::vector<double> power(bins);
      for (int64_t f = 0; f < bins; ++f) {
        double re = 0, im = 0;
        for (int64_t n = 0; n < c.nFft; ++n) {
          double a = 2 * M_PI * double((n * f) % c.nFft) / c.nFft;
          re += frame[n] * std::cos(a);
          im -= frame[n] * std::sin(a);
        }
        power[f] = re * re + im * im;
      }
      for (int64_t m = 0; m < c.nMels; ++m) {
        double e = 0;
        for (int64_t f = 0; f < bins; ++f)
          e += filt[m][f] * power[f];
        double v = c.kaldi ? std::log(std::max(e, double(FLT_EPSILON)))
                           : std::log10(std::max(e, 1e-10));
        lm[t * c.nMels + m] = v;
        mx = std::max(mx, v);
      }
    }
    for (int64_t t = 0; t < valid; ++t)
      for (int64_t m = 0; m < c.nMels; ++m) {
        double v = lm[t * c.nMels + m];
        if (!c.kaldi)
          v = (std::max(v, mx - 8) + 4) / 4;
        out[(b * T + t) * c.nMels + m] = v;
      }
  }
  return out;
}

// --- running the kernel ---

std::vector<float> signal(int64_t B, int64_t N, int seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-0.3f, 0.3f);
  std::vector<float> x(B * N);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t n = 0; n < N; ++n) {
      // Noise, a tone and a slow DC drift: no bin is near the floors.
      double tone = 0.5 * std::sin(2 * M_PI * (440.0 + 300 * b) * n / 16000.0);
      x[b * N + n] = float(0.05 + tone + u(rng));
    }
  return x;
}

double runAndCompare(const Config &c, int64_t B, int64_t N, const std::vector<int32_t> &lengths,
                     const Schedule *schedule, const std::string &what) {
  KernelDesc d = makeDesc(c, !lengths.empty());
  Halide::Target target = Halide::get_host_target();
  BuiltKernel k = buildKernel(d, target, schedule);
  k.pipeline.compile_jit(target);
  std::vector<float> x = signal(B, N, 7);
  int64_t T = framesOf(c, N);
  std::vector<float> y(B * T * c.nMels, -123.f);
  std::vector<int32_t> len = lengths;
  k.inputs[0].set(Halide::Buffer<float>(x.data(), {int(N), int(B)}));
  if (!lengths.empty())
    k.inputs[1].set(Halide::Buffer<int32_t>(len.data(), {int(B)}));
  Halide::Buffer<float> out(y.data(), {int(c.nMels), int(T), int(B)});
  k.pipeline.realize(Halide::Realization({out}), target);
  std::vector<double> want = reference(c, x, B, N, lengths);
  double err = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    double e = std::fabs(double(y[i]) - want[i]);
    err = std::isnan(e) ? INFINITY : std::max(err, e);
  }
  std::printf("[ max abs error ] %-48s %.3g\n", what.c_str(), err);
  return err;
}

Schedule knobs(std::map<std::string, int64_t> k) { return Schedule{std::move(k)}; }

constexpr double kTol = 1e-3;

TEST(HalideKernelsLogMel, WhisperDefault) {
  // 1637 samples: 10 frames, the last tile partial; reflect at both ends.
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {}, nullptr, "whisper 80 mels B=2 N=1637"), kTol);
  EXPECT_LE(runAndCompare(whisper(128), 1, 16000, {}, nullptr, "whisper 128 mels N=16000"), kTol);
}

TEST(HalideKernelsLogMel, WhisperLengths) {
  // Per-utterance reflection at lengths[b], max over the valid frames,
  // padding frames 0; a length not a multiple of hop.
  EXPECT_LE(runAndCompare(whisper(), 3, 4000, {4000, 2345, 320}, nullptr,
                          "whisper lengths {4000, 2345, 320}"),
            kTol);
}

TEST(HalideKernelsLogMel, WhisperUnfoldedAndNaive) {
  Schedule plain = knobs({{"fold", 0}, {"fft_levels", 0}});
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {}, &plain, "whisper fold=0"), kTol);
  Schedule naive = knobs({{"naive", 1}});
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {1637, 999}, &naive, "whisper naive, lengths"), kTol);
}

TEST(HalideKernelsLogMel, WhisperShortWindow) {
  // win_length < n_fft (the window centred in the frame) at 8 kHz, 10 mels
  // (a block_m tail), both DFT forms, a small tile.
  Config c = whisper(10);
  c.sr = 8000;
  c.high = 4000;
  c.nFft = 64;
  c.win = 48;
  c.hop = 16;
  EXPECT_LE(runAndCompare(c, 2, 333, {}, nullptr, "whisper n_fft 64 win 48 hop 16"), kTol);
  Schedule plain = knobs({{"fold", 0}, {"fft_levels", 0}, {"tile_t", 8}});
  EXPECT_LE(runAndCompare(c, 2, 333, {333, 100}, &plain, "same, fold=0 tile_t=8, lengths"), kTol);
}

TEST(HalideKernelsLogMel, KaldiDefault) {
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 4321, {}, nullptr, "kaldi 16 kHz 80 mels"), kTol);
  EXPECT_LE(runAndCompare(kaldi16k(23), 1, 1000, {}, nullptr, "kaldi 16 kHz 23 mels"), kTol);
}

TEST(HalideKernelsLogMel, KaldiLengthsAndNaive) {
  EXPECT_LE(runAndCompare(kaldi16k(), 3, 3000, {3000, 1234, 399}, nullptr,
                          "kaldi lengths {3000, 1234, 399}"),
            kTol);
  Schedule naive = knobs({{"naive", 1}});
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 1500, {1500, 700}, &naive, "kaldi naive, lengths"), kTol);
  Schedule plain = knobs({{"fold", 0}, {"fft_levels", 0}});
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 1500, {}, &plain, "kaldi fold=0"), kTol);
}

TEST(HalideKernelsLogMel, FftLevels) {
  // The fold alone (the default when n_fft % 4 != 0) and one radix-2 step
  // (n_fft % 8 == 4); the default is two.
  Schedule fold = knobs({{"fft_levels", 0}, {"block_t", 8}});
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {1637, 999}, &fold, "whisper fft_levels=0"), kTol);
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 1500, {1500, 801}, &fold, "kaldi fft_levels=0"), kTol);
  Schedule one = knobs({{"fft_levels", 1}, {"block_t", 4}});
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {1637, 999}, &one, "whisper fft_levels=1"), kTol);
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 1500, {1500, 801}, &one, "kaldi fft_levels=1"), kTol);
  Config c = whisper(10);
  c.sr = 8000;
  c.high = 4000;
  c.nFft = 66; // n_fft % 4 == 2: no radix-2 step
  c.win = 66;
  c.hop = 20;
  EXPECT_LE(runAndCompare(c, 2, 400, {}, nullptr, "whisper n_fft 66 (fold only)"), kTol);
}

TEST(HalideKernelsLogMel, DftPrecision) {
  // The DFT in the other precision than each style's default (kaldi: f64,
  // whisper: f32); these smooth test signals are accurate either way.
  Schedule f32 = knobs({{"dft_f64", 0}, {"block_f", 16}});
  EXPECT_LE(runAndCompare(kaldi16k(), 2, 1500, {1500, 801}, &f32, "kaldi dft_f64=0"), kTol);
  Schedule f64 = knobs({{"dft_f64", 1}, {"block_f", 8}});
  EXPECT_LE(runAndCompare(whisper(), 2, 1637, {1637, 999}, &f64, "whisper dft_f64=1"), kTol);
}

TEST(HalideKernelsLogMel, Kaldi8k) {
  // 8 kHz: 200-sample window, hop 80, n_fft 256; 40 mels up to 3800 Hz.
  Config c = kaldi16k(40);
  c.sr = 8000;
  c.win = 200;
  c.hop = 80;
  c.nFft = 256;
  c.high = 3800;
  EXPECT_LE(runAndCompare(c, 2, 2000, {2000, 1111}, nullptr, "kaldi 8 kHz 40 mels"), kTol);
}

TEST(HalideKernelsLogMel, BadDescs) {
  Halide::Target target = Halide::get_host_target();
  Config c = whisper();
  c.nFft = 401;
  c.win = 401;
  EXPECT_THROW(buildKernel(makeDesc(c, false), target), std::invalid_argument);
  c = whisper();
  c.high = 9000;
  EXPECT_THROW(buildKernel(makeDesc(c, false), target), std::invalid_argument);
  c = whisper();
  c.preemph = 0.97;
  EXPECT_THROW(buildKernel(makeDesc(c, false), target), std::invalid_argument);
  Schedule bad = knobs({{"block_f", 20}});
  EXPECT_THROW(buildKernel(makeDesc(whisper(), false), target, &bad), std::invalid_argument);
  Schedule noFold = knobs({{"fold", 0}}); // fft_levels needs the fold
  EXPECT_THROW(buildKernel(makeDesc(whisper(), false), target, &noFold), std::invalid_argument);
}

} // namespace
