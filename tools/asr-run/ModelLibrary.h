//===- ModelLibrary.h - a compiled model directory, loaded ------*- C++ -*-===//
//
// asr-run's view of what asrc writes to its output directory:
//
//   MODEL_DIR/lib<model>.so          the model + the runtime (asrc.h)
//   MODEL_DIR/<model>.safetensors    its weights
//
// The library is opened with dlopen and every runtime function is taken from
// it (dlsym): a model must be driven by the runtime it was linked with. The
// model's asrc_model_info JSON says how audio becomes text (its
// "transcription": sample rate, token texts, window length).
//
//===----------------------------------------------------------------------===//
#ifndef ASR_TOOLS_ASR_RUN_MODELLIBRARY_H
#define ASR_TOOLS_ASR_RUN_MODELLIBRARY_H

#include "asrc.h"

#include <string>
#include <vector>

namespace asrrun {

/// The runtime entry points asr-run uses, resolved in lib<model>.so.
struct Api {
  asrc_error *(*create)(const char *, const asrc_options *, asrc_model **) = nullptr;
  void (*destroy)(asrc_model *) = nullptr;
  const char *(*info)(const asrc_model *) = nullptr;
  asrc_code (*errorCode)(const asrc_error *) = nullptr;
  const char *(*errorMessage)(const asrc_error *) = nullptr;
  void (*errorFree)(asrc_error *) = nullptr;
  asrc_error *(*decode)(asrc_model *, const asrc_tensor *const *, size_t,
                        const asrc_decode_options *, asrc_transcripts *) = nullptr;
  void (*transcriptsFree)(asrc_transcripts *) = nullptr;
  asrc_error *(*audioRead)(const char *, int32_t, asrc_tensor *, int32_t *) = nullptr;
  void (*tensorFree)(asrc_tensor *) = nullptr;
};

/// The transcription table of asrc_model_info (docs/model-spec.md).
struct Transcription {
  int sampleRate = 16000;
  std::vector<std::string> tokens;
  std::string separator = " ";
  double windowSeconds = 30;
};

/// Text and timings of one file.
struct Result {
  std::string text;
  std::vector<int32_t> tokens;
  double audioSeconds = 0; ///< duration of the audio
  double readSeconds = 0;  ///< reading + resampling
  double encodeSeconds = 0;
  double decodeSeconds = 0;
  int windows = 0;
};

struct DecodeSettings {
  int beam = 1;
  int maxLength = 0; ///< 0: the model's
  float lengthPenalty = 1.0f;
};

class ModelLibrary {
public:
  ModelLibrary() = default;
  ModelLibrary(const ModelLibrary &) = delete;
  ModelLibrary &operator=(const ModelLibrary &) = delete;
  ~ModelLibrary();

  /// Opens MODEL_DIR (or a lib<model>.so path) and creates the model with
  /// `weights` (empty: MODEL_DIR/<model>.safetensors). false + `error` on
  /// failure.
  bool open(const std::string &modelDir, const std::string &weights, int threads,
            std::string &error);

  /// Reads `path`, cuts it into the model's windows, decodes each and joins
  /// the texts. false + `error` on failure.
  bool transcribe(const std::string &path, const DecodeSettings &settings, Result &out,
                  std::string &error);

  const std::string &name() const { return modelName; }
  const Transcription &transcription() const { return table; }

private:
  /// The message of `err` (freed), or "" when err is null.
  std::string take(asrc_error *err);
  std::string textOf(const std::vector<int32_t> &tokens) const;

  void *handle = nullptr;
  Api api;
  asrc_model *model = nullptr;
  std::string modelName;
  Transcription table;
};

} // namespace asrrun

#endif // ASR_TOOLS_ASR_RUN_MODELLIBRARY_H
