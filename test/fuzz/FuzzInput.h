//===- FuzzInput.h - reading structured values out of fuzz bytes -*- C++ -*-===//
//
// The harnesses that build structured inputs (tensors, shapes) from libFuzzer's
// bytes read them through this cursor. Past the end every read returns 0, so
// any byte string decodes to something.
//
//===----------------------------------------------------------------------===//
#ifndef ASRC_TEST_FUZZ_FUZZINPUT_H
#define ASRC_TEST_FUZZ_FUZZINPUT_H

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace asrfuzz {

class FuzzInput {
public:
  FuzzInput(const uint8_t *data, size_t size) : data(data), size(size) {}

  uint8_t u8() { return pos < size ? data[pos++] : 0; }
  uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
  uint64_t u64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= uint64_t(u8()) << (8 * i);
    return v;
  }
  /// A value in [0, n) (n > 0).
  unsigned below(unsigned n) { return u8() % n; }
  bool empty() const { return pos >= size; }

  /// Fills `out` with the bytes left, repeated (zeros when none are left).
  void fill(void *out, size_t bytes) {
    auto *p = static_cast<uint8_t *>(out);
    size_t left = size - (pos < size ? pos : size);
    if (left == 0) {
      std::memset(p, 0, bytes);
      return;
    }
    for (size_t i = 0; i < bytes; ++i)
      p[i] = data[pos + i % left];
  }

private:
  const uint8_t *data;
  size_t size;
  size_t pos = 0;
};

} // namespace asrfuzz

#endif // ASRC_TEST_FUZZ_FUZZINPUT_H
