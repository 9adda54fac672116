//===- LogMelTables.h - asr.log_mel parameters and host tables --*- C++ -*-===//
//
// What both log-mel backends (codegen/halide/KernelsFrontEnd.cpp and
// codegen/cuda/CudaKernelsData.cpp) read from a LogMel KernelDesc and the
// tables they bake into their kernels: the analysis window and the mel
// filterbank, computed in double on the host. Plain C++ (no Halide).
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_LOGMELTABLES_H
#define ASR_CODEGEN_HALIDE_LOGMELTABLES_H

#include "codegen/halide/KernelDesc.h"

#include <cstdint>
#include <string>
#include <vector>

namespace asr::kernels {

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

/// Reads and checks a LogMel desc (fn, ints, floats with their defaults,
/// operand types). False with `error` (without a kind prefix) otherwise.
bool logMelParams(const KernelDesc &d, LogMelParams &p, std::string &error);

/// The window's taps (win_length values): periodic Hann (torch.hann_window)
/// or Kaldi's Povey window (Hann over win - 1, to the power 0.85).
std::vector<double> logMelWindow(const LogMelParams &p);

/// The filterbank, [n_mels][n_fft / 2 + 1]: librosa's Slaney filters
/// (whisper) or Kaldi's MelBanks (the Nyquist bin unused).
std::vector<std::vector<double>> logMelFilterbank(const LogMelParams &p);

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_LOGMELTABLES_H
