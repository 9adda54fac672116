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
//   folded(k, c, q, t, b) sequence q of the frame (x[S m + q], S = 2^L
//                         sequences after L = fft_levels radix-2 steps)
//                         folded (below): c = 0 the cos part, c = 1 the
//                         sin part.
//   spec(f, c, q, t, b)   sum_k folded(k, c, q, t, b) * basis(f, k, c): Re and
//                         -Im of bin f of sequence q's DFT.
//   fft_level1(f, h, c, q, t, b), power(f, h, t, b)
//                         the radix-2 steps (below): |X|^2 at position
//                         (f, h), a bin of [0, n_fft / 2]; without steps,
//                         of bin f.
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
// The radix-2 steps (see buildLogMel): with E, O the half-length DFTs of
// the even and odd samples, X(f) = E(f) + W O(f) and X(Len - f) =
// conj(E(f) - W O(f)); two steps leave four folded DFTs of n_fft / 4
// samples and n_fft / 8 + 1 bins each: under a third of the fold's flops
// (whisper: 4 x 2 x 51 x 64 MACs a frame instead of 2 x 201 x 208).
//
// THE SCHEDULE (scheduleLogMel): tasks are (utterance, tile of tile_t
// frames); per task frames, folded, spec and power are computed into small
// buffers (L2), spec as register blocks of block_f bins x 2 parts x 2^L
// sequences x block_t frames accumulated over k (16 zmm accumulators at the
// defaults), then the radix-2 steps and the power, mel as register blocks of block_m mels x mel_block_t frames.
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
//   block_t    2..8  frames per DFT register block (8 >> fft_levels).
//   mel_block_t   8  frames per filterbank register block.
//   tile_t       64  frames per task (a multiple of both).
//   fold          1  use the fold (default: when it is shorter than the
//                    window, or with fft_levels).
//   fft_levels  0-2  radix-2 steps (default: the most of 2 that n_fft
//                    allows: n_fft % 2^(levels+1) == 0; need fold).
//   parallel      1  tasks run in parallel.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/KernelsInternal.h"
#include "codegen/halide/LogMelTables.h"

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

LogMelParams paramsOf(const KernelDesc &d) {
  LogMelParams p;
  std::string error;
  if (!logMelParams(d, p, error))
    fail(d.kind, error);
  return p;
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
  int levels = 2; ///< radix-2 FFT steps before the DFTs: 0, 1 or 2
  bool fold = true, parallel = true;
  bool dftF64 = false; ///< frames and the DFT in double
  int dftLanes() const { return dftF64 ? std::max(1, V / 2) : V; }
};

/// The fold pays when n_fft / 2 + 1 is shorter than the window's taps.
bool foldIsShorter(const LogMelParams &p) { return p.bins() < p.win; }
/// Radix-2 steps possible: `levels` steps leave 2^levels sequences of
/// n_fft / 2^levels samples, which the fold needs even.
int maxLevels(const LogMelParams &p) {
  int levels = 0;
  while (levels < 2 && p.nFft % (int64_t(4) << levels) == 0)
    ++levels;
  return levels;
}

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
  s.levels = static_cast<int>(knob(k, "fft_levels", kind));
  s.dftF64 = knob(k, "dft_f64", kind) != 0;
  s.parallel = knob(k, "parallel", kind) != 0;
  int vd = s.dftLanes();
  if (s.V < 1 || s.blockF < vd || s.blockF % vd || s.blockM < s.V || s.blockM % s.V ||
      s.blockT < 1 || s.melBlockT < 1 || s.tileT % s.blockT || s.tileT % s.melBlockT)
    fail(kind, "bad knobs: need block_f a multiple of the DFT's lanes (vector_width, half of it "
               "with dft_f64), block_m a multiple of vector_width, block_t, mel_block_t >= 1 "
               "and tile_t a multiple of both");
  if (s.levels < 0 || s.levels > maxLevels(p) || (s.levels > 0 && !s.fold))
    fail(kind, "fft_levels must be in [0, " + std::to_string(maxLevels(p)) +
                   "] for n_fft " + std::to_string(p.nFft) + " (n_fft % 2^(levels+1) == 0) "
                   "and needs fold");
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
  Func padded{"padded"}, frames{"frames"}, mean{"frame_mean"}, folded{"folded"};
  Func acc{"dft_acc"}, spec{"spec"}, z1{"fft_level1"}, power{"power"};
  Func melAcc{"mel_acc"}, logmel{"logmel"}, colmax{"colmax"}, umax{"umax"}, out{"log_mel"};
  RDom rk, rf, rj;    ///< DFT, filterbank and frame-mean reductions
  int levels = 0;     ///< radix-2 steps
  int seqs = 1;       ///< sequences per frame: 2^levels
  int64_t kr = 0;     ///< DFT reduction length
  int64_t fSpec = 0;  ///< bins the DFT computes: [0, fSpec)
  int64_t fPad = 0;   ///< fSpec rounded up to block_f (the basis' columns)
  int blockM = 1;     ///< mels per block (the filterbank's sparsity unit)
};

// The spectrum (fold, fft_levels knobs):
//  * plain: spec(f) = sum over the window's taps of x[off + k] e^{-2 pi i
//    (off + k) f / Nf}, for the bins the filterbank uses.
//  * fold: the same over k in [0, Nf / 2] with x[k] +- x[Nf - k].
//  * fft_levels = L (default: 2 when n_fft % 8 == 0): L radix-2
//    (decimation in time) steps over the folded DFTs of the S = 2^L
//    sequences x[S m + r] of Ms = Nf / S samples, bins [0, Ms / 2] of each.
//    A step combines the DFTs E, O of two length-Len sequences (r and
//    r + S/2: the even and odd samples of a length-2Len one) into bins f
//    and Len - f of the length-2Len DFT, W = e^{-2 pi i f / (2 Len)}:
//      X(f)       = E(f) + W O(f)
//      X(Len - f) = conj(E(f) - W O(f))
//    so from bins [0, Len/2] each step yields bins [0, Len], as positions
//    (j, h): bin f(j) or Len - f(j) (h = 1). After L steps the positions
//    (j in [0, Ms/2], h in [0, 2^L)) hold every bin of [0, Nf / 2] (a few
//    twice); tables map each bin to one position for the filterbank.
//    Whisper: 4 x 2 x 51 x 64 MACs a frame instead of the fold alone's
//    2 x 201 x 208.
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
  std::vector<std::vector<double>> mel = logMelFilterbank(p);
  int64_t fUsed = 1; // bins the filterbank uses: [0, fUsed)
  for (int64_t mm = 0; mm < p.nMels; ++mm)
    for (int64_t ff = 0; ff < p.bins(); ++ff)
      if (mel[mm][ff] != 0)
        fUsed = std::max(fUsed, ff + 1);
  const bool fold = s.fold;
  a.levels = s.levels;
  a.seqs = 1 << a.levels;
  const int64_t ms = p.nFft / a.seqs; // length of each sequence's DFT
  a.kr = fold ? ms / 2 + 1 : p.win;
  a.fSpec = a.levels > 0 ? ms / 2 + 1 : fUsed;
  int blockF = s.naive ? 1 : s.blockF;
  a.blockM = s.naive ? 1 : s.blockM;
  a.fPad = roundUp(a.fSpec, blockF);
  const int64_t off = p.offset();

  // --- host tables; frames and the DFT run in `dt` (dft_f64: double) ---
  const Type dt = s.dftF64 ? Float(64) : Float(32);
  auto cst = [&](double v) { return s.dftF64 ? Expr(v) : Expr(float(v)); };
  std::vector<double> taps = logMelWindow(p);
  // The window, zero past n_fft: frames are read a few samples past it
  // (the fold's masked k = 0 mirror, vector tails).
  const int windowLen = static_cast<int>(p.nFft) + 64;
  Buffer<> window(dt, {windowLen}, "window");
  Buffer<> basis(dt, {static_cast<int>(a.fPad), static_cast<int>(a.kr), 2}, "dft_basis");
  // Bin of position (j, h) after `level` steps (bit l of h: step l + 1
  // mirrored f -> Len - f, Len = Ms 2^l).
  auto binAt = [&](int64_t j, int64_t hh, int level) {
    int64_t bin = j;
    for (int l = 0; l < level; ++l)
      if ((hh >> l) & 1)
        bin = (ms << l) - bin;
    return bin;
  };
  // twiddle(j, hPrev, c, step - 1): cos / sin(2 pi f / (Ms 2^step)), f the
  // position's bin before the step.
  const int hPrevMax = std::max(1, a.seqs / 2);
  Buffer<> twiddle(dt, {static_cast<int>(a.fPad), hPrevMax, 2, std::max(1, a.levels)}, "twiddle");
  auto fill = [&](auto w, auto bs, auto tw) {
    using T = typename decltype(w)::ElemType;
    for (int64_t i = 0; i < windowLen; ++i)
      w(static_cast<int>(i)) = (i >= off && i < off + p.win) ? T(taps[i - off]) : T(0);
    for (int cc = 0; cc < 2; ++cc)
      for (int64_t kk = 0; kk < a.kr; ++kk)
        for (int64_t ff = 0; ff < a.fPad; ++ff)
          bs(int(ff), int(kk), cc) =
              ff < a.fSpec ? T(basisValue(fold ? kk : kk + off, ff, ms, cc)) : T(0);
    for (int step = 1; step <= std::max(1, a.levels); ++step)
      for (int cc = 0; cc < 2; ++cc)
        for (int hh = 0; hh < hPrevMax; ++hh)
          for (int64_t jj = 0; jj < a.fPad; ++jj)
            tw(int(jj), hh, cc, step - 1) =
                T(basisValue(1, binAt(jj, hh, step - 1), ms << step, cc));
  };
  if (s.dftF64)
    fill(Buffer<double>(window), Buffer<double>(basis), Buffer<double>(twiddle));
  else
    fill(Buffer<float>(window), Buffer<float>(basis), Buffer<float>(twiddle));
  // The filterbank is sparse (each bin feeds at most two triangles): per
  // block of blockM mels only a window of bins [lo, lo + span) is reduced.
  // Bin i's power is at position (posJ[i], posH[i]).
  const int64_t nb = p.bins();
  std::vector<int64_t> posJ(nb, -1), posH(nb, 0);
  if (a.levels == 0) {
    for (int64_t i = 0; i < std::min(nb, a.fSpec); ++i)
      posJ[i] = i;
  } else {
    for (int64_t hh = 0; hh < a.seqs; ++hh)
      for (int64_t jj = 0; jj < a.fSpec; ++jj) {
        int64_t bin = binAt(jj, hh, a.levels);
        if (bin >= 0 && bin < nb && posJ[bin] < 0) {
          posJ[bin] = jj;
          posH[bin] = hh;
        }
      }
  }
  const int64_t nBlocks = (p.nMels + a.blockM - 1) / a.blockM;
  std::vector<int64_t> lo(nBlocks, 0), span(nBlocks, 1);
  for (int64_t blk = 0; blk < nBlocks; ++blk) {
    int64_t first = -1, last = -1;
    for (int64_t i = 0; i < nb; ++i)
      for (int64_t mm = blk * a.blockM; mm < std::min(p.nMels, (blk + 1) * a.blockM); ++mm)
        if (mel[mm][i] != 0) {
          if (posJ[i] < 0)
            fail(d.kind, "internal error: bin " + std::to_string(i) + " is not computed");
          first = first < 0 ? i : first;
          last = i;
        }
    if (first >= 0) {
      lo[blk] = first;
      span[blk] = last - first + 1;
    }
  }
  const int64_t maxSpan = *std::max_element(span.begin(), span.end());
  Buffer<float> melw(a.blockM, static_cast<int>(maxSpan), static_cast<int>(nBlocks),
                     "mel_filters");
  Buffer<int32_t> loTab(static_cast<int>(nBlocks), "mel_lo"),
      spanTab(static_cast<int>(nBlocks), "mel_span"), posJTab(static_cast<int>(nb), "pos_j"),
      posHTab(static_cast<int>(nb), "pos_h");
  for (int64_t i = 0; i < nb; ++i) {
    posJTab(int(i)) = int32_t(std::max<int64_t>(posJ[i], 0));
    posHTab(int(i)) = int32_t(posH[i]);
  }
  for (int64_t blk = 0; blk < nBlocks; ++blk) {
    loTab(int(blk)) = int32_t(lo[blk]);
    spanTab(int(blk)) = int32_t(span[blk]);
    for (int64_t j = 0; j < maxSpan; ++j)
      for (int64_t mm = 0; mm < a.blockM; ++mm) {
        int64_t mel_ = blk * a.blockM + mm, i = lo[blk] + j;
        melw(int(mm), int(j), int(blk)) =
            j < span[blk] && mel_ < p.nMels && i < nb ? float(mel[mel_][i]) : 0.f;
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
    // The reflect-padded signal first (padded(i) = x[i - n_fft / 2]): its
    // loop is partitioned (likely()) so that the interior is a dense copy;
    // frames then read it densely.
    Var i("i");
    Expr idx = i - nf / 2;
    // Both branches are in [0, N): idx < len <= N; the reflection is
    // clamped (utterances of n_fft / 2 samples or fewer).
    Expr r = select(idx >= 0 && idx < len, likely(idx),
                    clamp(select(idx < 0, -idx, 2 * (len - 1) - idx), 0, N - 1));
    r = unsafe_promise_clamped(r, 0, N - 1);
    a.padded(i, b) = x(r, b);
    a.frames(n, t, b) = cast(dt, a.padded(t * hop + n, b)) * (scale * window(clamp(n, 0, windowLen - 1)));
  } else {
    // Per frame: DC offset removed, pre-emphasis, window (Kaldi's
    // ProcessWindow without dither and energy).
    auto sample = [&](Expr j) {
      return cast(dt, x(clamp(likely(t * hop + j), 0, N - 1), b)) * scale;
    };
    RDom rj(0, win, "rj");
    a.rj = rj;
    a.mean(t, b) = cst(0);
    a.mean(t, b) += sample(rj);
    Expr mu = a.mean(t, b) * cst(1.0 / double(win));
    Expr j = clamp(n, 0, win - 1);
    Expr y = (sample(j) - mu) - cst(p.preemph) * (sample(max(j - 1, 0)) - mu);
    a.frames(n, t, b) = select(n < win, y, cst(0)) * window(clamp(n, 0, windowLen - 1));
  }

  // --- fold: folded(k, c, q, t, b), sequence q of the frame ---
  const int seqLen = static_cast<int>(ms), half = seqLen / 2;
  // (i = seqLen, read at k = 0 and masked, is frame sample n_fft + q:
  // frames is defined everywhere, its region grows by S samples)
  auto seq = [&](Expr i) { return a.frames(i * a.seqs + q, t, b); };
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

  // --- radix-2 steps; power(j, h, t, b) ---
  // One step on complex values (re, im) of E and O at a position whose
  // bin is f (twiddle cos, sin of 2 pi f / 2Len): h = 0 gives X(f), h = 1
  // X(Len - f) = conj(E - W O).
  auto step = [&](Expr er, Expr ei, Expr orr, Expr oi, Expr cw, Expr sw, Expr mirrored) {
    Expr wr = cw * orr + sw * oi, wi = cw * oi - sw * orr; // W O, W = cw - i sw
    Expr re = select(mirrored, er - wr, er + wr);
    Expr im = select(mirrored, wi - ei, ei + wi);
    return std::make_pair(re, im);
  };
  // spec's c = 1 holds -Im.
  auto seqRe = [&](Expr j, Expr r) { return a.spec(j, 0, r, t, b); };
  auto seqIm = [&](Expr j, Expr r) { return -a.spec(j, 1, r, t, b); };
  if (a.levels == 0) {
    Expr re = a.spec(f, 0, 0, t, b), im = a.spec(f, 1, 0, t, b);
    a.power(f, h, t, b) = cast<float>(re * re + im * im);
  } else if (a.levels == 1) {
    auto [re, im] = step(seqRe(f, 0), seqIm(f, 0), seqRe(f, 1), seqIm(f, 1), twiddle(f, 0, 0, 0),
                         twiddle(f, 0, 1, 0), h == 1);
    a.power(f, h, t, b) = cast<float>(re * re + im * im);
  } else {
    // Step 1 on sequence pairs (q, q + 2) -> z1(f, h1, c, q, t, b), q = 0
    // the even samples' length-2Ms DFT, q = 1 the odd ones'.
    auto [re1, im1] = step(seqRe(f, q), seqIm(f, q), seqRe(f, q + 2), seqIm(f, q + 2),
                           twiddle(f, 0, 0, 0), twiddle(f, 0, 1, 0), h == 1);
    a.z1(f, h, c, q, t, b) = select(c == 0, re1, im1);
    Expr h1 = h % 2, h2 = h / 2;
    auto [re, im] = step(a.z1(f, h1, 0, 0, t, b), a.z1(f, h1, 1, 0, t, b), a.z1(f, h1, 0, 1, t, b),
                         a.z1(f, h1, 1, 1, t, b), twiddle(f, h1, 0, 1), twiddle(f, h1, 1, 1),
                         h2 == 1);
    a.power(f, h, t, b) = cast<float>(re * re + im * im);
  }

  // --- filterbank (block mb's window of bins), log ---
  Var mi = a.mi, mb = a.mb;
  RDom rf(0, static_cast<int>(maxSpan), "rf");
  rf.where(rf.x < spanTab(mb));
  a.rf = rf;
  // (clamps for bounds inference: the tables are in range)
  Expr i = clamp(loTab(mb) + rf.x, 0, static_cast<int>(nb) - 1);
  Expr posJ_ = clamp(posJTab(i), 0, static_cast<int>(a.fSpec) - 1);
  Expr posH_ = clamp(posHTab(i), 0, a.seqs - 1);
  a.melAcc(mi, mb, t, b) = 0.f;
  a.melAcc(mi, mb, t, b) += melw(mi, rf.x, mb) * a.power(posJ_, posH_, t, b);
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
    else
      a.padded.compute_root();
    a.frames.compute_root();
    a.folded.compute_root();
    a.spec.compute_root();
    if (a.levels == 2)
      a.z1.compute_root();
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
  if (!kaldi)
    a.padded.compute_at(tile, to).vectorize(a.padded.args()[0], V);
  a.frames.compute_at(tile, to).vectorize(n, VD);
  if (kaldi) {
    // The frame mean: VD partial sums (vector lanes) per frame, then one
    // horizontal sum (a serial f64 chain cost 1 ms per 30 s).
    RVar rjo("rjo"), rji("rji");
    Var u("u");
    a.mean.compute_at(tile, to);
    Func partial = a.mean.update().split(a.rj.x, rjo, rji, VD).rfactor(rji, u);
    std::vector<Var> storage{u};
    for (const Var &v : partial.args())
      if (v.name() != u.name())
        storage.push_back(v);
    partial.compute_at(tile, to).reorder_storage(storage).vectorize(u);
    partial.update().vectorize(u);
  }
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
  if (a.levels == 2)
    a.z1.compute_at(tile, to)
        .bound(h, 0, 2)
        .bound(c, 0, 2)
        .bound(q, 0, 2)
        .vectorize(f, VD, TailStrategy::RoundUp)
        .unroll(h)
        .unroll(c);
  a.power.compute_at(tile, to)
      .bound(h, 0, a.seqs)
      .vectorize(f, VD, TailStrategy::RoundUp)
      .unroll(h);

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
  int levels = maxLevels(p);
  bool fold = foldIsShorter(p) || levels > 0;
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
  // 16 accumulators: 1 vector x 2 parts x 2^levels sequences x block_t frames.
  k["block_t"] = 8 >> levels;
  k["mel_block_t"] = 8;
  k["tile_t"] = 64;
  k["fold"] = fold ? 1 : 0;
  k["fft_levels"] = levels;
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
