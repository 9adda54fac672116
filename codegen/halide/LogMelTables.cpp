//===- LogMelTables.cpp - asr.log_mel parameters and host tables ----------===//

#include "codegen/halide/LogMelTables.h"

#include <algorithm>
#include <cmath>

namespace asr::kernels {

bool logMelParams(const KernelDesc &d, LogMelParams &p, std::string &error) {
  auto fail = [&](const std::string &why) {
    error = why;
    return false;
  };
  if (d.fn == "kaldi")
    p.kaldi = true;
  else if (d.fn != "whisper")
    return fail("fn must be whisper or kaldi, got '" + d.fn + "'");
  for (const char *k : {"sample_rate", "n_mels", "n_fft", "win_length", "hop_length"})
    if (!d.ints.count(k))
      return fail(std::string("missing int '") + k + "'");
  p.sampleRate = d.getInt("sample_rate");
  p.nMels = d.getInt("n_mels");
  p.nFft = d.getInt("n_fft");
  p.win = d.getInt("win_length");
  p.hop = d.getInt("hop_length");
  p.hasLengths = d.getInt("has_lengths", 0) != 0;
  p.lowFreq = d.getFloat("low_freq", p.kaldi ? 20.0 : 0.0);
  p.highFreq = d.getFloat("high_freq", 0.5 * double(p.sampleRate));
  p.preemph = d.getFloat("preemphasis", p.kaldi ? 0.97 : 0.0);
  p.scale = d.getFloat("scale", 1.0);
  if (p.sampleRate < 1 || p.nMels < 1 || p.win < 1 || p.hop < 1 || p.nFft < 2 || p.nFft % 2 ||
      p.win > p.nFft)
    return fail("need sample_rate, n_mels, win_length, hop_length >= 1 and an even n_fft >= "
                "win_length");
  if (!(p.lowFreq >= 0 && p.lowFreq < p.highFreq && p.highFreq <= 0.5 * double(p.sampleRate)))
    return fail("need 0 <= low_freq < high_freq <= sample_rate / 2");
  if (!p.kaldi && p.preemph != 0)
    return fail("the whisper style has no pre-emphasis");
  size_t wantIn = p.hasLengths ? 2 : 1;
  if (d.inputs.size() != wantIn || d.outputs.size() != 1)
    return fail("expected inputs samples [B, N]" + std::string(p.hasLengths ? ", lengths [B]" : "") +
                " and one output");
  const TensorDesc &x = d.inputs[0], &o = d.outputs[0];
  if (x.rank() != 2 || x.type != ElemType::F32 || o.rank() != 3 || o.type != ElemType::F32 ||
      o.dims[2] != p.nMels)
    return fail("expected f32 samples [B, N] and an f32 result [B, T, n_mels]");
  if (p.hasLengths && (d.inputs[1].rank() != 1 ||
                       (d.inputs[1].type != ElemType::I32 && d.inputs[1].type != ElemType::I64)))
    return fail("lengths must be i32 or i64 [B]");
  return true;
}

/// The window's taps (win_length values): periodic Hann (torch.hann_window)
/// or Kaldi's Povey window (Hann over win - 1, to the power 0.85).
std::vector<double> logMelWindow(const LogMelParams &p) {
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

namespace {

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

} // namespace

std::vector<std::vector<double>> logMelFilterbank(const LogMelParams &p) {
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

} // namespace asr::kernels
