//===- KernelsFrontEnd.cpp - the log-mel front end (asr.log_mel) ----------===//
//
// Halide algorithm and default schedule for KernelKind::LogMel: raw samples
// [B, N] (+ lengths [B] in samples) -> log-mel features [B, T, n_mels], in
// one of two conventions (docs/dialect.md, "The log-mel front end"):
//
//   whisper  center framing with reflect padding (n_fft / 2 each side), the
//            last STFT frame dropped (T = N / hop); periodic Hann window of
//            win_length centred in n_fft; power spectrum; librosa's Slaney
//            mel filterbank with Slaney (area) normalisation; log10 of
//            max(mel, 1e-10); then max(x, max_over_utterance - 8), (x + 4) / 4.
//   kaldi    snip_edges framing (T = 1 + (N - win) / hop); per frame: remove
//            the DC offset, pre-emphasis, Povey window, zero-pad to n_fft;
//            power spectrum; Kaldi's mel triangles (1127 ln(1 + f / 700),
//            low_freq .. high_freq, Nyquist bin unused); ln of
//            max(mel, FLT_EPSILON). No dither, no energy, no CMVN.
//
// The spectrum is DFTs written as GEMMs after one radix-2 FFT step (n_fft =
// 400 is not a power of two, and a register-blocked GEMM runs near the FMA
// peak): the window, the cos/sin basis, the twiddles and the mel filterbank
// are computed on the host in double when the kernel is built and embedded
// in the pipeline as constant Buffers.
//
// THE ALGORITHM (buildLogMel), per utterance b and frame t:
//   frames(n, t, b)       windowed frame sample n in [0, n_fft) (zero outside
//                         the window's taps); all sample reads are clamped,
//                         so any t is readable (register blocks run past T).
//   folded(k, c, q, t, b) sequence q of the frame (radix2: q = 0 the even,
//                         q = 1 the odd samples) folded (below): c = 0 the
//                         cos part, c = 1 the sin part.
//   spec(f, c, q, t, b)   sum_k folded(k, c, q, t, b) * basis(f, k, c): Re and
//                         -Im of bin f of sequence q's DFT.
//   power(f, h, t, b)     radix2: |X|^2 of bin f (h = 0) and of bin
//                         n_fft/2 - f (h = 1) from the two sequences' bins f
//                         and a twiddle; otherwise of bin f.
//   mel_acc(mi, mb, t, b) sum over block mb's window of bins of
//                         melw(mi, j, mb) * power(bin): the filterbank is
//                         sparse, each block of block_m mels reduces only
//                         the bins its triangles cover (whisper 80 mels:
//                         95 bins at most, 201 in all).
//   logmel(m, t, b)       log10(max(mel, 1e-10)) | ln(max(mel, FLT_EPSILON)).
//   out                   whisper: (max(logmel, umax(b) - 8) + 4) / 4 with
//                         umax(b) the max over the utterance's valid frames;
//                         kaldi: logmel. Frames at or past the utterance's
//                         valid frames (from lengths) are 0.
//
// The fold: for real x of length L, pairing n and L - n,
//   Re X(f) = sum_{k=0}^{L/2} cos(2 pi k f / L) * (x_k + x_{L-k})
//   Im X(f) = -sum_{k=1}^{L/2-1} sin(2 pi k f / L) * (x_k - x_{L-k})
// (no pair at k = 0 and k = L/2): a reduction of L/2 + 1 per part instead of
// the window's taps.
// The radix-2 step (n_fft % 4 == 0; whisper 400, kaldi 512 and 256): with E,
// O the n_fft/2-point DFTs of the even and odd samples, for f in [0, n_fft/4]
// and W = e^{-2 pi i f / n_fft},
//   X(f) = E(f) + W O(f),   X(n_fft/2 - f) = conj(E(f) - W O(f)),
// so every bin comes from n_fft/4 + 1 bins of two folded half-length DFTs:
// half the flops of the fold alone (whisper: 2 x 2 x 101 x 112 MACs a frame
// instead of 2 x 201 x 208).
//
// THE SCHEDULE (scheduleLogMel): tasks are (utterance, tile of tile_t
// frames); per task frames, folded, spec and power are computed into small
// buffers (L2), spec as register blocks of block_f bins x 2 parts x 2
// sequences x block_t frames accumulated over k (16 zmm accumulators at the
// defaults), mel as register blocks of block_m mels x mel_block_t frames.
// Whisper's logmel goes to a buffer (the normalisation needs the
// utterance's max), then a vectorized column max and a streaming pass write
// the output.
//
// Knobs (defaults from frontEndKnobs()):
//   naive        0   1 = every Func compute_root, serial, scalar.
//   vector_width 16  lanes (f32 natural width).
//   dft_f64      0/1 frames and the DFT in double (default: kaldi 1, whisper
//                    0; see frontEndKnobs for why), at half the lanes.
//   block_f    16/8  bins per DFT register block (a multiple of the DFT's
//                    lanes: vector_width, or half of it with dft_f64).
//   block_m      16  mels per filterbank block (32 when n_mels % 32 == 0).
//   block_t     4/8  frames per DFT register block (8 without radix2).
//   mel_block_t   8  frames per filterbank register block.
//   tile_t       64  frames per task (a multiple of both).
//   fold          1  use the fold (default: when it is shorter than the
//                    window, or radix2).
//   radix2        1  the radix-2 step (default: when n_fft % 4 == 0; needs
//                    fold).
//   parallel      1  tasks run in parallel.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/KernelsInternal.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

using namespace Halide;

namespace asr::kernels {
namespace {

//===----------------------------------------------------------------------===//
// Parameters and host tables
//===----------------------------------------------------------------------===//

struct LogMelParams {
  bool kaldi = false;
  int64_t sampleRate = 16000, nMels = 80, nFft = 400, win = 400, hop = 160;
  double lowFreq = 0, highFreq = 8000, preemph = 0, scale = 1;
  bool hasLengths = false;

  /// The first tap's position in the n_fft frame: torch.stft centres a
  /// shorter window; Kaldi zero-pads on the right.
  int64_t offset() const { return kaldi ? 0 : (nFft - win) / 2; }
  int64_t bins() const { return nFft / 2 + 1; }
};

int64_t requireInt(const KernelDesc &d, const char *name) {
  auto it = d.ints.find(name);
  if (it == d.ints.end())
    fail(d.kind, std::string("missing int '") + name + "'");
  return it->second;
}

LogMelParams paramsOf(const KernelDesc &d) {
  LogMelParams p;
  if (d.fn == "kaldi")
    p.kaldi = true;
  else if (d.fn != "whisper")
    fail(d.kind, "fn must be whisper or kaldi, got '" + d.fn + "'");
  p.sampleRate = requireInt(d, "sample_rate");
  p.nMels = requireInt(d, "n_mels");
  p.nFft = requireInt(d, "n_fft");
  p.win = requireInt(d, "win_length");
  p.hop = requireInt(d, "hop_length");
  p.hasLengths = d.getInt("has_lengths", 0) != 0;
  p.lowFreq = d.getFloat("low_freq", p.kaldi ? 20.0 : 0.0);
  p.highFreq = d.getFloat("high_freq", 0.5 * double(p.sampleRate));
  p.preemph = d.getFloat("preemphasis", p.kaldi ? 0.97 : 0.0);
  p.scale = d.getFloat("scale", 1.0);
  if (p.sampleRate < 1 || p.nMels < 1 || p.win < 1 || p.hop < 1 || p.nFft < 2 || p.nFft % 2 ||
      p.win > p.nFft)
    fail(d.kind, "need sample_rate, n_mels, win_length, hop_length >= 1 and an even n_fft >= "
                 "win_length");
  if (!(p.lowFreq >= 0 && p.lowFreq < p.highFreq && p.highFreq <= 0.5 * double(p.sampleRate)))
    fail(d.kind, "need 0 <= low_freq < high_freq <= sample_rate / 2");
  if (!p.kaldi && p.preemph != 0)
    fail(d.kind, "the whisper style has no pre-emphasis");
  size_t wantIn = p.hasLengths ? 2 : 1;
  if (d.inputs.size() != wantIn || d.outputs.size() != 1)
    fail(d.kind, "expected inputs samples [B, N]" + std::string(p.hasLengths ? ", lengths [B]" : "") +
                     " and one output");
  const TensorDesc &x = d.inputs[0], &o = d.outputs[0];
  if (x.rank() != 2 || x.type != ElemType::F32 || o.rank() != 3 || o.type != ElemType::F32 ||
      o.dims[2] != p.nMels)
    fail(d.kind, "expected f32 samples [B, N] and an f32 result [B, T, n_mels]");
  if (p.hasLengths && (d.inputs[1].rank() != 1 ||
                       (d.inputs[1].type != ElemType::I32 && d.inputs[1].type != ElemType::I64)))
    fail(d.kind, "lengths must be i32 or i64 [B]");
  return p;
}

/// The window's taps (win_length values): periodic Hann (torch.hann_window)
/// or Kaldi's Povey window (Hann over win - 1, to the power 0.85).
std::vector<double> windowTaps(const LogMelParams &p) {
  std::vector<double> w(p.win);
  for (int64_t i = 0; i < p.win; ++i) {
    if (p.kaldi) {
      double a = p.win > 1 ? 2 * M_PI * double(i) / double(p.win - 1) : 0;
      w[i] = std::pow(0.5 - 0.5 * std::cos(a), 0.85);
    } else {
      w[i] = 0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(p.win));
    }
  }
  return w;
}

// librosa's Slaney mel scale (htk=False): linear below 1 kHz, log above.
double slaneyHzToMel(double hz) {
  const double fsp = 200.0 / 3, minLogHz = 1000, minLogMel = minLogHz / fsp,
               logstep = std::log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + std::log(hz / minLogHz) / logstep : hz / fsp;
}
double slaneyMelToHz(double mel) {
  const double fsp = 200.0 / 3, minLogHz = 1000, minLogMel = minLogHz / fsp,
               logstep = std::log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * std::exp(logstep * (mel - minLogMel)) : fsp * mel;
}
double kaldiMel(double hz) { return 1127.0 * std::log(1.0 + hz / 700.0); }

/// The filterbank, [n_mels][n_fft / 2 + 1].
std::vector<std::vector<double>> melMatrix(const LogMelParams &p) {
  int64_t nb = p.bins();
  std::vector<std::vector<double>> w(p.nMels, std::vector<double>(nb, 0.0));
  double binHz = double(p.sampleRate) / double(p.nFft);
  if (!p.kaldi) {
    // librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax) (norm="slaney"),
    // which Whisper's mel_filters.npz holds.
    double lo = slaneyHzToMel(p.lowFreq), hi = slaneyHzToMel(p.highFreq);
    std::vector<double> melF(p.nMels + 2);
    for (int64_t i = 0; i < p.nMels + 2; ++i)
      melF[i] = slaneyMelToHz(lo + (hi - lo) * double(i) / double(p.nMels + 1));
    for (int64_t m = 0; m < p.nMels; ++m) {
      double enorm = 2.0 / (melF[m + 2] - melF[m]);
      for (int64_t f = 0; f < nb; ++f) {
        double hz = binHz * double(f);
        double lower = (hz - melF[m]) / (melF[m + 1] - melF[m]);
        double upper = (melF[m + 2] - hz) / (melF[m + 2] - melF[m + 1]);
        w[m][f] = std::max(0.0, std::min(lower, upper)) * enorm;
      }
    }
    return w;
  }
  // Kaldi MelBanks: num_fft_bins = n_fft / 2 (the Nyquist bin is unused).
  double lo = kaldiMel(p.lowFreq), hi = kaldiMel(p.highFreq);
  double delta = (hi - lo) / double(p.nMels + 1);
  for (int64_t m = 0; m < p.nMels; ++m) {
    double left = lo + double(m) * delta, center = left + delta, right = center + delta;
    for (int64_t f = 0; f < p.nFft / 2; ++f) {
      double mel = kaldiMel(binHz * double(f));
      if (mel > left && mel < right)
        w[m][f] = mel <= center ? (mel - left) / (center - left) : (right - mel) / (right - center);
    }
  }
  return w;
}

/// cos / sin(2 pi k f / n_fft), with k f reduced mod n_fft exactly.
double basisValue(int64_t k, int64_t f, int64_t nFft, int c) {
  double a = 2 * M_PI * double((k * f) % nFft) / double(nFft);
  return c == 0 ? std::cos(a) : std::sin(a);
}

int64_t roundUp(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

//===----------------------------------------------------------------------===//
// Knobs
//===----------------------------------------------------------------------===//

struct LogMelSchedule {
  bool naive = false;
  int V = 16, blockF = 16, blockM = 16, blockT = 4, melBlockT = 8, tileT = 64;
  bool fold = true, radix2 = true, parallel = true;
  bool dftF64 = false; ///< frames and the DFT in double
  int dftLanes() const { return dftF64 ? std::max(1, V / 2) : V; }
};

/// The fold pays when n_fft / 2 + 1 is shorter than the window's taps.
bool foldIsShorter(const LogMelParams &p) { return p.bins() < p.win; }
/// The radix-2 step needs two folded half-length DFTs: n_fft % 4 == 0.
bool radix2Possible(const LogMelParams &p) { return p.nFft % 4 == 0; }

LogMelSchedule scheduleOf(const std::map<std::string, int64_t> &k, const LogMelParams &p) {
  LogMelSchedule s;
  KernelKind kind = KernelKind::LogMel;
  s.naive = naiveSchedule(k);
  s.V = static_cast<int>(knob(k, "vector_width", kind));
  s.blockF = static_cast<int>(knob(k, "block_f", kind));
  s.blockM = static_cast<int>(knob(k, "block_m", kind));
  s.blockT = static_cast<int>(knob(k, "block_t", kind));
  s.melBlockT = static_cast<int>(knob(k, "mel_block_t", kind));
  s.tileT = static_cast<int>(knob(k, "tile_t", kind));
  s.fold = knob(k, "fold", kind) != 0;
  s.radix2 = knob(k, "radix2", kind) != 0;
  s.dftF64 = knob(k, "dft_f64", kind) != 0;
  s.parallel = knob(k, "parallel", kind) != 0;
  int vd = s.dftLanes();
  if (s.V < 1 || s.blockF < vd || s.blockF % vd || s.blockM < s.V || s.blockM % s.V ||
      s.blockT < 1 || s.melBlockT < 1 || s.tileT % s.blockT || s.tileT % s.melBlockT)
    fail(kind, "bad knobs: need block_f a multiple of the DFT's lanes (vector_width, half of it "
               "with dft_f64), block_m a multiple of vector_width, block_t, mel_block_t >= 1 "
               "and tile_t a multiple of both");
  if (s.radix2 && (!s.fold || !radix2Possible(p)))
    fail(kind, "radix2 needs fold and n_fft % 4 == 0");
  return s;
}

//===----------------------------------------------------------------------===//
// THE ALGORITHM
//===----------------------------------------------------------------------===//

struct LogMelAlgo {
  LogMelParams p;
  std::vector<ImageParam> inputs;
  Var n{"n"}, k{"k"}, f{"f"}, c{"c"}, q{"q"}, h{"h"}, m{"m"}, t{"t"}, b{"b"};
  Var mi{"mi"}, mb{"mb"}; ///< mel within its block, block
  Func frames{"frames"}, mean{"frame_mean"}, folded{"folded"};
  Func acc{"dft_acc"}, spec{"spec"}, power{"power"};
  Func melAcc{"mel_acc"}, logmel{"logmel"}, colmax{"colmax"}, umax{"umax"}, out{"log_mel"};
  RDom rk, rf;        ///< DFT and filterbank reductions
  int seqs = 1;       ///< sequences per frame: 2 (even, odd samples) with radix2
  int halves = 1;     ///< power halves: 2 (bins f and n_fft/2 - f) with radix2
  int64_t kr = 0;     ///< DFT reduction length
  int64_t fSpec = 0;  ///< bins the DFT computes: [0, fSpec)
  int64_t fPad = 0;   ///< fSpec rounded up to block_f (the basis' columns)
  int blockM = 1;     ///< mels per block (the filterbank's sparsity unit)
};

// The spectrum, three ways (fold, radix2 knobs):
//  * plain: spec(f) = sum over the window's taps of x[off + k] e^{-2 pi i
//    (off + k) f / Nf}, for the bins the filterbank uses.
//  * fold: the same over k in [0, Nf / 2] with x[k] +- x[Nf - k].
//  * radix2 (default when n_fft % 4 == 0): one FFT butterfly, then folded
//    DFTs. With E, O the Nf/2-point DFTs of the even and odd samples (q = 0,
//    1), for f' in [0, Nf/4] and W = e^{-2 pi i f' / Nf}:
//      X(f')        = E(f') + W O(f')
//      X(Nf/2 - f') = conj(E(f') - W O(f'))
//    so the power of bin f' (h = 0) and of bin Nf/2 - f' (h = 1) come from
//    the same Nf/4 + 1 bins of two half-length DFTs: half the plain fold's
//    flops. The filterbank then reduces over (f', h), its weights laid out
//    to match (melw(m, f', 1) = W[m][Nf/2 - f'], 0 where the bin repeats).
LogMelAlgo buildLogMel(const KernelDesc &d, const LogMelSchedule &s) {
  LogMelAlgo a;
  LogMelParams &p = a.p;
  p = paramsOf(d);
  a.inputs.push_back(makeInput(d.inputs[0], "samples"));
  if (p.hasLengths)
    a.inputs.push_back(makeInput(d.inputs[1], "lengths"));
  ImageParam &x = a.inputs[0];
  Var n = a.n, k = a.k, f = a.f, c = a.c, q = a.q, h = a.h, m = a.m, t = a.t, b = a.b;

  // --- sizes ---
  std::vector<std::vector<double>> mel = melMatrix(p);
  int64_t fUsed = 1; // bins the filterbank uses: [0, fUsed)
  for (int64_t mm = 0; mm < p.nMels; ++mm)
    for (int64_t ff = 0; ff < p.bins(); ++ff)
      if (mel[mm][ff] != 0)
        fUsed = std::max(fUsed, ff + 1);
  const bool fold = s.fold, radix2 = s.radix2;
  a.seqs = a.halves = radix2 ? 2 : 1;
  const int64_t ms = p.nFft / a.seqs; // length of each sequence's DFT
  a.kr = fold ? ms / 2 + 1 : p.win;
  a.fSpec = radix2 ? ms / 2 + 1 : fUsed;
  int blockF = s.naive ? 1 : s.blockF;
  a.blockM = s.naive ? 1 : s.blockM;
  a.fPad = roundUp(a.fSpec, blockF);
  const int64_t off = p.offset();

  // --- host tables; frames and the DFT run in `dt` (dft_f64: double) ---
  const Type dt = s.dftF64 ? Float(64) : Float(32);
  auto cst = [&](double v) { return s.dftF64 ? Expr(v) : Expr(float(v)); };
  std::vector<double> taps = windowTaps(p);
  Buffer<> window(dt, {static_cast<int>(p.nFft)}, "window");
  Buffer<> basis(dt, {static_cast<int>(a.fPad), static_cast<int>(a.kr), 2}, "dft_basis");
  Buffer<> twiddle(dt, {static_cast<int>(a.fPad), 2}, "twiddle");
  auto fill = [&](auto w, auto bs, auto tw) {
    using T = typename decltype(w)::ElemType;
    for (int64_t i = 0; i < p.nFft; ++i)
      w(static_cast<int>(i)) = (i >= off && i < off + p.win) ? T(taps[i - off]) : T(0);
    for (int cc = 0; cc < 2; ++cc)
      for (int64_t kk = 0; kk < a.kr; ++kk)
        for (int64_t ff = 0; ff < a.fPad; ++ff)
          bs(int(ff), int(kk), cc) =
              ff < a.fSpec ? T(basisValue(fold ? kk : kk + off, ff, ms, cc)) : T(0);
    for (int cc = 0; cc < 2; ++cc)
      for (int64_t ff = 0; ff < a.fPad; ++ff)
        tw(int(ff), cc) = T(basisValue(1, ff, p.nFft, cc));
  };
  if (s.dftF64)
    fill(Buffer<double>(window), Buffer<double>(basis), Buffer<double>(twiddle));
  else
    fill(Buffer<float>(window), Buffer<float>(basis), Buffer<float>(twiddle));
  // The filterbank is sparse (each bin feeds at most two triangles): per
  // block of blockM mels only a window of bins is reduced. Bins are indexed
  // by i in [0, fSpec * halves) in frequency order: i < fSpec is (f' = i,
  // h = 0), i >= fSpec is (f' = 2 fSpec - 1 - i, h = 1), i.e. bin i - 1
  // (i = fSpec repeats bin Nf/4 and has weight 0).
  const int64_t fLin = a.fSpec * a.halves;
  auto binOf = [&](int64_t i) -> int64_t {
    if (i < a.fSpec)
      return i;
    return i == a.fSpec ? -1 : p.nFft / 2 - (2 * a.fSpec - 1 - i);
  };
  const int64_t nBlocks = (p.nMels + a.blockM - 1) / a.blockM;
  std::vector<int64_t> lo(nBlocks, 0), span(nBlocks, 1);
  for (int64_t blk = 0; blk < nBlocks; ++blk) {
    int64_t first = -1, last = -1;
    for (int64_t i = 0; i < fLin; ++i) {
      int64_t bin = binOf(i);
      for (int64_t mm = blk * a.blockM; mm < std::min(p.nMels, (blk + 1) * a.blockM); ++mm)
        if (bin >= 0 && bin < p.bins() && mel[mm][bin] != 0) {
          first = first < 0 ? i : first;
          last = i;
        }
    }
    if (first >= 0) {
      lo[blk] = first;
      span[blk] = last - first + 1;
    }
  }
  const int64_t maxSpan = *std::max_element(span.begin(), span.end());
  Buffer<float> melw(a.blockM, static_cast<int>(maxSpan), static_cast<int>(nBlocks),
                     "mel_filters");
  Buffer<int32_t> loTab(static_cast<int>(nBlocks), "mel_lo"), spanTab(static_cast<int>(nBlocks), "mel_span");
  for (int64_t blk = 0; blk < nBlocks; ++blk) {
    loTab(int(blk)) = int32_t(lo[blk]);
    spanTab(int(blk)) = int32_t(span[blk]);
    for (int64_t j = 0; j < maxSpan; ++j)
      for (int64_t mm = 0; mm < a.blockM; ++mm) {
        int64_t mel_ = blk * a.blockM + mm, i = lo[blk] + j, bin = i < fLin ? binOf(i) : -1;
        melw(int(mm), int(j), int(blk)) =
            j < span[blk] && mel_ < p.nMels && bin >= 0 && bin < p.bins() ? float(mel[mel_][bin]) : 0.f;
      }
  }

  // --- lengths -> valid frames ---
  Expr N = x.dim(0).extent();
  const int hop = static_cast<int>(p.hop), win = static_cast<int>(p.win);
  auto framesOf = [&](Expr len) {
    if (!p.kaldi)
      return max(len, 0) / hop;
    return select(len >= win, (len - win) / hop + 1, 0);
  };
  Expr tMax = framesOf(N);
  Expr len = p.hasLengths ? clamp(cast<int32_t>(a.inputs[1](b)), 0, N) : N;
  Expr valid = min(framesOf(len), tMax);

  // --- frames ---
  Expr scale = cst(p.scale);
  const int nf = static_cast<int>(p.nFft);
  if (!p.kaldi) {
    // Centre framing, reflect padding at the utterance's own length.
    Expr idx = t * hop + n - nf / 2;
    Expr r = select(idx < 0, -idx, idx);
    r = select(r >= len, 2 * (len - 1) - r, r);
    r = clamp(r, 0, N - 1);
    a.frames(n, t, b) = cast(dt, x(r, b)) * (scale * window(clamp(n, 0, nf - 1)));
  } else {
    // Per frame: DC offset removed, pre-emphasis, window (Kaldi's
    // ProcessWindow without dither and energy).
    auto sample = [&](Expr j) { return cast(dt, x(clamp(t * hop + j, 0, N - 1), b)) * scale; };
    RDom rj(0, win, "rj");
    a.mean(t, b) = cst(0);
    a.mean(t, b) += sample(rj);
    Expr mu = a.mean(t, b) * cst(1.0 / double(win));
    Expr j = clamp(n, 0, win - 1);
    Expr y = (sample(j) - mu) - cst(p.preemph) * (sample(max(j - 1, 0)) - mu);
    a.frames(n, t, b) = select(n < win, y, cst(0)) * window(clamp(n, 0, nf - 1));
  }

  // --- fold: folded(k, c, q, t, b), sequence q of the frame ---
  const int seqLen = static_cast<int>(ms), half = seqLen / 2;
  auto seq = [&](Expr i) { return a.frames(clamp(i, 0, seqLen - 1) * a.seqs + q, t, b); };
  if (fold) {
    Expr paired = k > 0 && k < half;
    Expr here = seq(k), mirror = seq(seqLen - k);
    a.folded(k, c, q, t, b) = select(c == 0, here + select(paired, mirror, cst(0)),
                                     select(paired, here - mirror, cst(0)));
  } else {
    a.folded(k, c, q, t, b) = a.frames(k + static_cast<int>(off), t, b);
  }

  // --- DFT as a GEMM: spec(f, c, q, t, b); c = 0 Re, c = 1 -Im ---
  RDom rk(0, static_cast<int>(a.kr), "rk");
  a.rk = rk;
  a.acc(f, c, q, t, b) = cst(0);
  a.acc(f, c, q, t, b) += a.folded(rk, c, q, t, b) * basis(f, rk, c);
  a.spec(f, c, q, t, b) = a.acc(f, c, q, t, b);

  // --- power(f, h, t, b) ---
  if (radix2) {
    Expr er = a.spec(f, 0, 0, t, b), ei = a.spec(f, 1, 0, t, b);
    Expr orr = a.spec(f, 0, 1, t, b), oi = a.spec(f, 1, 1, t, b);
    Expr cw = twiddle(f, 0), sw = twiddle(f, 1);
    Expr re = cw * orr - sw * oi, im = cw * oi + sw * orr; // W O, imaginary parts negated
    Expr sign = select(h == 0, cst(1), cst(-1));
    Expr pr = er + sign * re, pi = ei + sign * im;
    a.power(f, h, t, b) = cast<float>(pr * pr + pi * pi);
  } else {
    Expr re = a.spec(f, 0, 0, t, b), im = a.spec(f, 1, 0, t, b);
    a.power(f, h, t, b) = cast<float>(re * re + im * im);
  }

  // --- filterbank (block mb's window of bins), log ---
  Var mi = a.mi, mb = a.mb;
  RDom rf(0, static_cast<int>(maxSpan), "rf");
  rf.where(rf.x < spanTab(mb));
  a.rf = rf;
  const int fs = static_cast<int>(a.fSpec);
  Expr i = loTab(mb) + rf.x;
  Expr fPrime = select(i < fs, i, 2 * fs - 1 - i), hPart = select(i < fs, 0, 1);
  if (a.halves == 1) {
    fPrime = i;
    hPart = 0;
  }
  fPrime = clamp(fPrime, 0, fs - 1); // (bounds inference: the tables are in range)
  a.melAcc(mi, mb, t, b) = 0.f;
  a.melAcc(mi, mb, t, b) += melw(mi, rf.x, mb) * a.power(fPrime, hPart, t, b);
  Expr e = a.melAcc(m % a.blockM, m / a.blockM, t, b);
  if (p.kaldi)
    a.logmel(m, t, b) = log(max(e, FLT_EPSILON));
  else
    a.logmel(m, t, b) = log(max(e, 1e-10f)) * float(1.0 / std::log(10.0));

  // --- normalisation, padding frames ---
  if (!p.kaldi) {
    RDom rt(0, tMax, "rt");
    rt.where(rt < valid);
    a.colmax(m, b) = Float(32).min();
    a.colmax(m, b) = max(a.colmax(m, b), a.logmel(m, rt, b));
    RDom rm(0, static_cast<int>(p.nMels), "rm");
    a.umax(b) = Float(32).min();
    a.umax(b) = max(a.umax(b), a.colmax(rm, b));
    a.out(m, t, b) = select(t < valid, (max(a.logmel(m, t, b), a.umax(b) - 8.f) + 4.f) * 0.25f, 0.f);
  } else {
    a.out(m, t, b) = select(t < valid, a.logmel(m, t, b), 0.f);
  }
  return a;
}

//===----------------------------------------------------------------------===//
// THE SCHEDULE
//===----------------------------------------------------------------------===//

void scheduleLogMel(LogMelAlgo &a, const LogMelSchedule &s) {
  bool kaldi = a.p.kaldi;
  if (s.naive) {
    if (kaldi)
      a.mean.compute_root();
    a.frames.compute_root();
    a.folded.compute_root();
    a.spec.compute_root();
    a.power.compute_root();
    a.melAcc.compute_root();
    a.logmel.compute_root();
    if (!kaldi) {
      a.colmax.compute_root();
      a.umax.compute_root();
    }
    return;
  }
  const int V = s.V, VD = s.dftLanes(), BF = s.blockF, BM = s.blockM, BT = s.blockT,
            MBT = s.melBlockT, TT = s.tileT;
  Var n = a.n, k = a.k, f = a.f, c = a.c, q = a.q, h = a.h, m = a.m, t = a.t, b = a.b;
  Var to("to"), ti("ti"), tb("tb"), tr("tr"), mo("mo"), mv("mv"), fo("fo"), fv("fv");

  // The tiled stage: whisper's logmel (into a buffer), kaldi's output.
  Func tile = kaldi ? a.out : a.logmel;
  if (!kaldi)
    a.logmel.compute_root();
  tile.split(t, to, ti, TT, TailStrategy::GuardWithIf)
      .split(ti, tb, tr, MBT)
      .split(m, mo, mv, BM, TailStrategy::GuardWithIf)
      .reorder(mv, tr, mo, tb, to, b)
      .vectorize(mv, V)
      .unroll(tr);
  if (s.parallel)
    tile.parallel(b).parallel(to);

  // Per task: frames, fold, spectrum, power.
  a.frames.compute_at(tile, to).vectorize(n, VD);
  if (kaldi)
    a.mean.compute_at(tile, to);
  a.folded.compute_at(tile, to).bound(q, 0, a.seqs).vectorize(k, VD);
  a.spec.compute_at(tile, to)
      .bound(c, 0, 2)
      .bound(q, 0, a.seqs)
      .split(t, tb, tr, BT, TailStrategy::RoundUp)
      .split(f, fo, fv, BF, TailStrategy::RoundUp)
      .reorder(fv, c, q, tr, fo, tb, b)
      .vectorize(fv, VD)
      .unroll(fv)
      .unroll(c)
      .unroll(q)
      .unroll(tr);
  // The DFT register block: BF bins x 2 parts x seqs x BT frames, over k.
  a.acc.compute_at(a.spec, fo).bound_extent(f, BF);
  a.acc.vectorize(f, VD).unroll(f).unroll(c).unroll(q).unroll(t);
  a.acc.update()
      .reorder(f, c, q, t, a.rk.x)
      .vectorize(f, VD)
      .unroll(f)
      .unroll(c)
      .unroll(q)
      .unroll(t);
  // VD lanes: rounding up stays within the basis' block_f-padded columns.
  a.power.compute_at(tile, to).bound(h, 0, a.halves).vectorize(f, VD, TailStrategy::RoundUp);

  // The mel register block: BM mels x MBT frames, over the block's bins.
  Var mi = a.mi;
  a.melAcc.compute_at(tile, mo).bound(mi, 0, BM).bound_extent(t, MBT);
  a.melAcc.vectorize(mi, V).unroll(mi).unroll(t);
  a.melAcc.update().reorder(mi, t, a.rf.x).vectorize(mi, V).unroll(mi).unroll(t);

  if (!kaldi) {
    a.colmax.compute_root().vectorize(m, V, TailStrategy::GuardWithIf);
    a.colmax.update().vectorize(m, V, TailStrategy::GuardWithIf);
    a.umax.compute_root();
    Var oo("oo"), oi("oi");
    a.out.split(t, oo, oi, TT, TailStrategy::GuardWithIf)
        .vectorize(m, V, TailStrategy::GuardWithIf);
    if (s.parallel)
      a.out.parallel(b).parallel(oo);
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> frontEndKnobs(const KernelDesc &desc, const Target &target) {
  LogMelParams p = paramsOf(desc);
  int V = naturalLanes(target, Float(32));
  bool fold = foldIsShorter(p) || radix2Possible(p);
  bool radix2 = radix2Possible(p);
  std::map<std::string, int64_t> k;
  k[kNaiveKnob] = 0;
  k["vector_width"] = V;
  // Kaldi's log has no floor near the spectrum's (Whisper's clamps at the
  // utterance's max - 8 decades): its quietest bands sit 90+ dB below a
  // frame's peak, where f32 frames and DFT sums cost ~2e-3 in ln (real
  // recordings; float32 PyTorch is 4e-3 off). In double: ~1e-6, at half
  // the DFT's lanes.
  k["dft_f64"] = p.kaldi ? 1 : 0;
  k["block_f"] = p.kaldi ? std::max(1, V / 2) : V;
  k["block_m"] = p.nMels % (2 * V) == 0 ? 2 * V : V;
  // 16 accumulators: 1 vector x 2 parts x 2 sequences x 4 frames (radix2).
  k["block_t"] = radix2 ? 4 : 8;
  k["mel_block_t"] = 8;
  k["tile_t"] = 64;
  k["fold"] = fold ? 1 : 0;
  k["radix2"] = radix2 ? 1 : 0;
  k["parallel"] = 1;
  return k;
}

BuiltKernel buildFrontEnd(const KernelDesc &desc, const Target &target,
                          const std::map<std::string, int64_t> &knobs) {
  (void)target; // the knobs carry the vector width
  if (desc.kind != KernelKind::LogMel)
    fail(desc.kind, "not a front-end kind");
  LogMelSchedule s = scheduleOf(knobs, paramsOf(desc));
  LogMelAlgo a = buildLogMel(desc, s);
  scheduleLogMel(a, s);
  constrainOutput(a.out, desc.outputs[0]);
  return finish({a.out}, a.inputs);
}

} // namespace asr::kernels
