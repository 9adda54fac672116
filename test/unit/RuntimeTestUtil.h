//===- RuntimeTestUtil.h - helpers shared by the runtime's unit tests -*- C++ -*-===//
#ifndef ASRC_TEST_UNIT_RUNTIMETESTUTIL_H
#define ASRC_TEST_UNIT_RUNTIMETESTUTIL_H

#include "asrc.h"

#include <cstdint>
#include <vector>

namespace asrctest {

/// Transcripts freed at the end of the scope.
struct Transcripts {
  asrc_transcripts t{};
  ~Transcripts() { asrc_transcripts_free(&t); }
};

/// A dense f32 [b, t, v] view of `data` (log-probabilities for the decoders).
inline asrc_tensor tensor3(std::vector<float> &data, int64_t b, int64_t t, int64_t v) {
  asrc_tensor x{};
  x.dtype = ASRC_F32;
  x.rank = 3;
  x.shape[0] = b;
  x.shape[1] = t;
  x.shape[2] = v;
  x.data = data.data();
  return x;
}

} // namespace asrctest

#endif // ASRC_TEST_UNIT_RUNTIMETESTUTIL_H
