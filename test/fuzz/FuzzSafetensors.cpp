//===- FuzzSafetensors.cpp - fuzz the safetensors header reader ------------===//
//
// Input: the bytes of a whole safetensors file. parseSafetensorsHeader
// (frontend/Safetensors.cpp, used by asrc at compile time and by the runtime
// at model creation) must accept it or fail with a one-line error; what it
// accepts must be consistent: every tensor's data range lies inside the file,
// its byte size matches dtype x shape, names are sorted and unique.
//
//===----------------------------------------------------------------------===//
#include "frontend/Safetensors.h"

#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void finding(const char *what, const std::string &name = "") {
  std::fprintf(stderr, "fuzz-safetensors: %s %s\n", what, name.c_str());
  std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  asr::SafetensorsHeader header;
  std::string error;
  if (!asr::parseSafetensorsHeader(data, size, size, header, error)) {
    if (error.empty() || error.find('\n') != std::string::npos)
      finding("a rejected file must have a one-line error, got:", error);
    if (!header.tensors.empty())
      finding("a rejected file left tensors in the header");
    return 0;
  }
  const asr::TensorInfo *previous = nullptr;
  for (const asr::TensorInfo &t : header.tensors) {
    if (previous && !(previous->name < t.name))
      finding("tensor names not sorted and unique at", t.name);
    previous = &t;
    uint64_t elements = 1;
    for (int64_t d : t.shape) {
      if (d < 0)
        finding("negative dim accepted in", t.name);
      if (d != 0 && elements > UINT64_MAX / uint64_t(d))
        finding("element count overflow accepted in", t.name);
      elements *= uint64_t(d);
    }
    if (t.begin > t.end || t.end > size || header.dataOffset + t.end > size)
      finding("data range outside the file accepted for", t.name);
    if (elements > UINT64_MAX / asr::dtypeSize(t.dtype) ||
        t.numBytes() != elements * asr::dtypeSize(t.dtype))
      finding("byte size does not match dtype x shape for", t.name);
    if (header.find(t.name) != &t)
      finding("find() does not return the tensor", t.name);
  }
  return 0;
}
