//===- FuzzWav.cpp - fuzz the runtime's audio reader -----------------------===//
//
// Input: one byte choosing the requested sample rate, then the bytes of an
// audio file (WAV or FLAC, read by runtime/Audio.cpp through libsndfile and
// resampled with libsoxr). asrc_audio_read_memory must return samples or an
// error; what it returns must be a mono f32 tensor with a sane rate.
//
//===----------------------------------------------------------------------===//
#include "asrc.h"

#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void finding(const char *what) {
  std::fprintf(stderr, "fuzz-wav: %s\n", what);
  std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // 0 keeps the file's own rate; the others resample.
  static const int32_t kRates[] = {0, 16000, 8000, 44100, 22050, 1000, 768000, -5};
  int32_t rate = size ? kRates[data[0] % 8] : 0;
  const uint8_t *file = size ? data + 1 : data;
  size_t fileSize = size ? size - 1 : 0;

  asrc_tensor samples = {};
  int32_t fileRate = 0;
  asrc_error *err =
      asrc_audio_read_memory(file, fileSize, "fuzz.wav", rate, &samples, &fileRate);
  if (err) {
    const char *message = asrc_error_message(err);
    if (!message || !*message || asrc_error_code(err) == ASRC_OK)
      finding("an error without a code or message");
    asrc_error_free(err);
    if (samples.data)
      finding("a failed read left samples allocated");
    return 0;
  }
  if (samples.dtype != ASRC_F32 || samples.rank != 1 || samples.shape[0] < 0)
    finding("samples are not a f32 [N] tensor");
  if (samples.shape[0] > 0 && !samples.data)
    finding("samples without data");
  if (fileRate < ASRC_AUDIO_MIN_RATE || fileRate > ASRC_AUDIO_MAX_RATE ||
      (rate != 0 && fileRate != rate))
    finding("the reported rate is out of range or not the one asked for");
  // Touch every sample: ASan sees a short buffer.
  volatile float sum = 0;
  for (int64_t i = 0; i < samples.shape[0]; ++i)
    sum = sum + static_cast<const float *>(samples.data)[i];
  asrc_tensor_free(&samples);
  return 0;
}
