//===- Safetensors.h - Strict reader for safetensors headers ----*- C++ -*-===//
//
// Reads and validates the header of a safetensors weights file: an 8-byte
// little-endian length N, N bytes of JSON describing every tensor (dtype,
// shape, byte range in the data section) and an optional "__metadata__"
// string map. The reader treats the file as hostile: every size is checked
// against the file before it is trusted, nothing throws out of the API, and
// each failure is reported as one line naming what is wrong and where.
//
// Pure C++17; the implementation uses nlohmann/json only. No LLVM/MLIR, so the
// C runtime can reuse it.
//
//===----------------------------------------------------------------------===//

#ifndef ASR_FRONTEND_SAFETENSORS_H
#define ASR_FRONTEND_SAFETENSORS_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace asr {

/// Element types a safetensors file may hold (the subset asrc supports).
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool };

/// The dtype's spelling in a safetensors header: "F32", ..., "BOOL".
const char *dtypeName(DType dtype);
/// Parses a header dtype spelling (exact, case-sensitive). Returns false and
/// leaves `out` alone if the name is unknown.
bool parseDTypeName(std::string_view s, DType &out);
/// Bytes per element.
size_t dtypeSize(DType dtype);

/// Largest header accepted (N), in bytes: 100 MiB.
constexpr uint64_t kMaxSafetensorsHeaderSize = uint64_t(100) << 20;
/// Largest tensor rank accepted.
constexpr size_t kMaxSafetensorsRank = 8;

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// Byte range [begin, end) relative to the start of the data section.
  uint64_t begin = 0, end = 0;

  /// Product of the dimensions (1 for a scalar). Exact for tensors returned
  /// by the parser; saturates at UINT64_MAX (and counts negative dimensions as
  /// 0) for hand-built ones.
  uint64_t numElements() const;
  uint64_t numBytes() const { return end - begin; }
};

struct SafetensorsHeader {
  uint64_t headerSize = 0; ///< N.
  uint64_t dataOffset = 0; ///< 8 + N: absolute file offset of the data section.
  uint64_t fileSize = 0;
  std::map<std::string, std::string> metadata;
  std::vector<TensorInfo> tensors; ///< Sorted by name; names are unique.

  /// The tensor called `name`, or nullptr if absent.
  const TensorInfo *find(std::string_view name) const;
};

/// Parses a header from the bytes of a file prefix. `bytes` must hold at least
/// the 8-byte length and the N header bytes; `fileSize` is the size of the
/// whole file, used to check that every tensor's data lies inside the file.
/// On failure returns false, resets `out` and sets `error` to one line (no
/// path prefix: the caller adds it). Never throws.
bool parseSafetensorsHeader(const uint8_t *bytes, size_t size,
                            uint64_t fileSize, SafetensorsHeader &out,
                            std::string &error);

/// Opens `path`, reads only the length and the header (never the data) and
/// parses them as parseSafetensorsHeader does. Never throws.
bool readSafetensorsHeader(const std::string &path, SafetensorsHeader &out,
                           std::string &error);

} // namespace asr

#endif // ASR_FRONTEND_SAFETENSORS_H
