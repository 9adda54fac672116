//===- Safetensors.cpp - Strict reader for safetensors headers ------------===//
//
// Validates a safetensors header while it is being parsed: the JSON is read
// through nlohmann's SAX interface by a small state machine that knows the
// schema, so hostile input cannot make the parser build a large DOM (unknown
// keys, deep nesting, long shapes and non-object entries are rejected on the
// token that introduces them). Memory stays proportional to the tensors kept.
//
//===----------------------------------------------------------------------===//

#include "frontend/Safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <utility>

namespace asr {

//===----------------------------------------------------------------------===//
// DType
//===----------------------------------------------------------------------===//

namespace {
struct DTypeEntry {
  DType dtype;
  const char *name;
  size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F32, "F32", 4},   {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::F64, "F64", 8},   {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},   {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
};
} // namespace

const char *dtypeName(DType dtype) {
  for (const DTypeEntry &e : kDTypes)
    if (e.dtype == dtype)
      return e.name;
  return "?";
}

bool parseDTypeName(std::string_view s, DType &out) {
  for (const DTypeEntry &e : kDTypes)
    if (s == e.name) {
      out = e.dtype;
      return true;
    }
  return false;
}

size_t dtypeSize(DType dtype) {
  for (const DTypeEntry &e : kDTypes)
    if (e.dtype == dtype)
      return e.size;
  return 0;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {

/// a * b, or false if it overflows uint64.
bool mulChecked(uint64_t a, uint64_t b, uint64_t &out) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
    return false;
  out = a * b;
  return true;
}

/// Quotes an untrusted string for a one-line message: escapes quotes,
/// backslashes and control bytes, and cuts it (at a UTF-8 boundary) if long.
std::string quote(std::string_view s) {
  constexpr size_t kMaxShown = 200;
  bool cut = false;
  if (s.size() > kMaxShown) {
    size_t n = kMaxShown;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
      --n;
    s = s.substr(0, n);
    cut = true;
  }
  std::string r = "'";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\'' || c == '\\') {
      r += '\\';
      r += ch;
    } else if (c < 0x20 || c == 0x7F) {
      static const char kHex[] = "0123456789abcdef";
      r += "\\x";
      r += kHex[c >> 4];
      r += kHex[c & 15];
    } else {
      r += ch;
    }
  }
  r += cut ? "'..." : "'";
  return r;
}

/// Replaces control bytes so that a foreign message stays on one line.
std::string oneLine(std::string s) {
  for (char &ch : s)
    if (static_cast<unsigned char>(ch) < 0x20)
      ch = ' ';
  return s;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string r = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      r += ", ";
    r += std::to_string(shape[i]);
  }
  return r + "]";
}

std::string rangeString(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

uint64_t readLE64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

std::string shortFileMessage(uint64_t fileSize) {
  return "file is " + std::to_string(fileSize) +
         " bytes, shorter than the 8-byte header length field";
}

/// Checks the declared header length N against the cap and the file size.
bool checkHeaderLength(uint64_t n, uint64_t fileSize, std::string &error) {
  if (n == 0) {
    error = "header length is 0 (expected a JSON object)";
    return false;
  }
  if (n > kMaxSafetensorsHeaderSize) {
    error = "header length " + std::to_string(n) +
            " exceeds the 100 MiB limit (" +
            std::to_string(kMaxSafetensorsHeaderSize) + " bytes)";
    return false;
  }
  if (n > fileSize - 8) {
    error = "header length " + std::to_string(n) + " exceeds the " +
            std::to_string(fileSize - 8) +
            " bytes after the length field (file truncated?)";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Schema-checking SAX handler
//===----------------------------------------------------------------------===//

using Json = nlohmann::json;

/// One JSON scalar as seen by the SAX handler.
struct Scalar {
  enum Kind { Null, Bool, Int, Uint, Float, String };
  explicit Scalar(Kind kind) : kind(kind) {}

  Kind kind;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  std::string_view text; // Float: the token as written; String: the value.

  std::string describe() const {
    switch (kind) {
    case Null:
      return "null";
    case Bool:
      return b ? "true" : "false";
    case Int:
      return std::to_string(i);
    case Uint:
      return std::to_string(u);
    case Float:
      return std::string(text);
    case String:
      return "a string";
    }
    return "?";
  }
  std::string kindName() const {
    switch (kind) {
    case Null:
      return "null";
    case Bool:
      return "a boolean";
    case Int:
    case Uint:
    case Float:
      return "a number";
    case String:
      return "a string";
    }
    return "?";
  }
};

class HeaderSax final : public nlohmann::json_sax<Json> {
public:
  HeaderSax(uint64_t dataSize, SafetensorsHeader &out, std::string &error)
      : dataSize(dataSize), out(out), error(error) {}

  bool finished() const { return state == State::Done; }

  bool null() override { return scalar(Scalar(Scalar::Null)); }
  bool boolean(bool val) override {
    Scalar s(Scalar::Bool);
    s.b = val;
    return scalar(s);
  }
  bool number_integer(number_integer_t val) override {
    Scalar s(Scalar::Int);
    s.i = val;
    return scalar(s);
  }
  bool number_unsigned(number_unsigned_t val) override {
    Scalar s(Scalar::Uint);
    s.u = val;
    return scalar(s);
  }
  bool number_float(number_float_t, const string_t &text) override {
    Scalar s(Scalar::Float);
    s.text = text;
    return scalar(s);
  }
  bool string(string_t &val) override {
    Scalar s(Scalar::String);
    s.text = val;
    return scalar(s);
  }
  bool binary(binary_t &) override {
    return fail("header contains binary data (not JSON)");
  }
  bool start_object(std::size_t) override { return startContainer(true); }
  bool start_array(std::size_t) override { return startContainer(false); }
  bool key(string_t &k) override;
  bool end_object() override;
  bool end_array() override;
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &ex) override {
    return fail("header is not valid JSON: " + oneLine(ex.what()));
  }

private:
  enum class State { Start, Root, Entry, Metadata, Shape, Offsets, Done };
  enum class Field { None, DType, Shape, Offsets };

  bool fail(std::string message) {
    if (error.empty())
      error = std::move(message);
    return false;
  }
  std::string where() const { return "tensor " + quote(cur.name) + ": "; }
  static const char *fieldName(Field f) {
    switch (f) {
    case Field::DType:
      return "dtype";
    case Field::Shape:
      return "shape";
    case Field::Offsets:
      return "data_offsets";
    case Field::None:
      break;
    }
    return "?";
  }

  bool scalar(const Scalar &v);
  bool startContainer(bool isObject);
  bool finishEntry();

  uint64_t dataSize; // Bytes between the data offset and the end of file.
  SafetensorsHeader &out;
  std::string &error;

  State state = State::Start;
  // Root: what the value after the last key is.
  bool pendingMetadata = false;
  bool seenMetadata = false;
  // Entry: the tensor being read and which of its keys were seen.
  TensorInfo cur;
  Field field = Field::None;
  bool haveDType = false, haveShape = false, haveOffsets = false;
  size_t numOffsets = 0;
  // Metadata: the key whose value comes next.
  std::string metaKey;
};

bool HeaderSax::scalar(const Scalar &v) {
  switch (state) {
  case State::Start:
    return fail("header is not a JSON object (it is " + v.kindName() + ")");
  case State::Root:
    if (pendingMetadata)
      return fail("__metadata__ is not an object (it is " + v.kindName() + ")");
    return fail(where() + "entry is not an object (it is " + v.kindName() +
                ")");
  case State::Entry:
    if (field == Field::DType) {
      if (v.kind != Scalar::String)
        return fail(where() + "dtype is not a string (it is " + v.kindName() +
                    ")");
      if (!parseDTypeName(v.text, cur.dtype))
        return fail(where() + "unknown dtype " + quote(v.text) +
                    " (expected F32, F16, BF16, F64, I64, I32, I16, I8, U8 "
                    "or BOOL)");
      return true;
    }
    return fail(where() + fieldName(field) + " is not an array (it is " +
                v.kindName() + ")");
  case State::Metadata:
    if (v.kind != Scalar::String)
      return fail("__metadata__ value for key " + quote(metaKey) +
                  " is not a string (it is " + v.kindName() + ")");
    out.metadata.emplace(std::move(metaKey), std::string(v.text));
    metaKey.clear();
    return true;
  case State::Shape:
    if (v.kind == Scalar::Uint) {
      if (v.u > uint64_t(std::numeric_limits<int64_t>::max()))
        return fail(where() + "shape dimension " + std::to_string(v.u) +
                    " is too large");
    } else if (v.kind == Scalar::Int) {
      if (v.i < 0)
        return fail(where() + "shape has a negative dimension " +
                    std::to_string(v.i));
    } else {
      return fail(where() + "shape dimension " + v.describe() +
                  " is not a non-negative integer");
    }
    if (cur.shape.size() == kMaxSafetensorsRank)
      return fail(where() + "shape has more than " +
                  std::to_string(kMaxSafetensorsRank) + " dimensions");
    cur.shape.push_back(v.kind == Scalar::Uint ? int64_t(v.u) : v.i);
    return true;
  case State::Offsets: {
    uint64_t value;
    if (v.kind == Scalar::Uint) {
      value = v.u;
    } else if (v.kind == Scalar::Int && v.i >= 0) {
      value = uint64_t(v.i);
    } else if (v.kind == Scalar::Int) {
      return fail(where() + "data_offsets has a negative value " +
                  std::to_string(v.i));
    } else {
      return fail(where() + "data_offsets value " + v.describe() +
                  " is not a non-negative integer");
    }
    if (numOffsets == 2)
      return fail(where() + "data_offsets has more than 2 values");
    (numOffsets == 0 ? cur.begin : cur.end) = value;
    ++numOffsets;
    return true;
  }
  case State::Done:
    break;
  }
  return fail("unexpected value after the header object");
}

bool HeaderSax::startContainer(bool isObject) {
  const char *what = isObject ? "an object" : "an array";
  switch (state) {
  case State::Start:
    if (!isObject)
      return fail(std::string("header is not a JSON object (it is ") + what +
                  ")");
    state = State::Root;
    return true;
  case State::Root:
    if (pendingMetadata) {
      if (!isObject)
        return fail(std::string("__metadata__ is not an object (it is ") +
                    what + ")");
      state = State::Metadata;
      return true;
    }
    if (!isObject)
      return fail(where() + "entry is not an object (it is " + what + ")");
    state = State::Entry;
    field = Field::None;
    haveDType = haveShape = haveOffsets = false;
    numOffsets = 0;
    return true;
  case State::Entry:
    if (field == Field::DType)
      return fail(where() + "dtype is not a string (it is " + what + ")");
    if (isObject)
      return fail(where() + fieldName(field) + " is not an array (it is " +
                  what + ")");
    state = field == Field::Shape ? State::Shape : State::Offsets;
    return true;
  case State::Metadata:
    return fail("__metadata__ value for key " + quote(metaKey) +
                " is not a string (it is " + what + ")");
  case State::Shape:
    return fail(where() + "shape dimension is " + what +
                ", not a non-negative integer");
  case State::Offsets:
    return fail(where() + "data_offsets value is " + what +
                ", not a non-negative integer");
  case State::Done:
    break;
  }
  return fail("unexpected value after the header object");
}

bool HeaderSax::key(string_t &k) {
  switch (state) {
  case State::Root:
    if (k == "__metadata__") {
      if (seenMetadata)
        return fail("duplicate key __metadata__");
      seenMetadata = pendingMetadata = true;
      return true;
    }
    pendingMetadata = false;
    cur = TensorInfo();
    cur.name = k;
    return true;
  case State::Entry: {
    bool *seen = nullptr;
    if (k == "dtype") {
      field = Field::DType;
      seen = &haveDType;
    } else if (k == "shape") {
      field = Field::Shape;
      seen = &haveShape;
    } else if (k == "data_offsets") {
      field = Field::Offsets;
      seen = &haveOffsets;
    } else {
      return fail(where() + "unexpected key " + quote(k) +
                  " (expected dtype, shape and data_offsets)");
    }
    if (*seen)
      return fail(where() + "duplicate key " + quote(k));
    *seen = true;
    return true;
  }
  case State::Metadata:
    if (out.metadata.count(k))
      return fail("__metadata__ has duplicate key " + quote(k));
    metaKey = k;
    return true;
  default:
    break;
  }
  return fail("unexpected key " + quote(k)); // Unreachable for valid JSON.
}

bool HeaderSax::end_object() {
  switch (state) {
  case State::Root:
    state = State::Done;
    return true;
  case State::Entry:
    if (!finishEntry())
      return false;
    state = State::Root;
    return true;
  case State::Metadata:
    state = State::Root;
    return true;
  default:
    break;
  }
  return fail("unexpected end of object"); // Unreachable for valid JSON.
}

bool HeaderSax::end_array() {
  if (state == State::Shape) {
    state = State::Entry;
    return true;
  }
  if (state == State::Offsets) {
    if (numOffsets != 2)
      return fail(where() + "data_offsets has " + std::to_string(numOffsets) +
                  " values, expected 2");
    state = State::Entry;
    return true;
  }
  return fail("unexpected end of array"); // Unreachable for valid JSON.
}

bool HeaderSax::finishEntry() {
  if (!haveDType)
    return fail(where() + "missing key 'dtype'");
  if (!haveShape)
    return fail(where() + "missing key 'shape'");
  if (!haveOffsets)
    return fail(where() + "missing key 'data_offsets'");

  uint64_t elements = 1;
  for (int64_t dim : cur.shape)
    if (!mulChecked(elements, uint64_t(dim), elements))
      return fail(where() + "shape " + shapeString(cur.shape) +
                  " has an element count that overflows uint64");
  uint64_t bytes;
  if (!mulChecked(elements, dtypeSize(cur.dtype), bytes))
    return fail(where() + "shape " + shapeString(cur.shape) + " with dtype " +
                dtypeName(cur.dtype) +
                " has a byte size that overflows uint64");

  std::string range = rangeString(cur.begin, cur.end);
  if (cur.begin > cur.end)
    return fail(where() + "data_offsets " + range + " have begin > end");
  if (cur.end - cur.begin != bytes)
    return fail(where() + "data_offsets " + range + " do not match dtype " +
                dtypeName(cur.dtype) + " and shape " + shapeString(cur.shape) +
                " (" + std::to_string(bytes) + " bytes)");
  if (cur.end > dataSize)
    return fail(where() + "data_offsets " + range +
                " extend beyond the end of the file (the data section is " +
                std::to_string(dataSize) + " bytes)");
  out.tensors.push_back(std::move(cur));
  cur = TensorInfo();
  return true;
}

/// Checks properties spanning several tensors: unique names, no overlap.
bool checkTensorSet(SafetensorsHeader &h, std::string &error) {
  std::vector<TensorInfo> &ts = h.tensors;
  std::sort(ts.begin(), ts.end(), [](const TensorInfo &a, const TensorInfo &b) {
    return a.name < b.name;
  });
  for (size_t i = 1; i < ts.size(); ++i)
    if (ts[i - 1].name == ts[i].name) {
      error = "duplicate tensor name " + quote(ts[i].name);
      return false;
    }

  std::vector<size_t> order;
  order.reserve(ts.size());
  for (size_t i = 0; i < ts.size(); ++i)
    if (ts[i].begin != ts[i].end) // Zero-sized tensors never overlap.
      order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::make_pair(ts[a].begin, ts[a].end) <
           std::make_pair(ts[b].begin, ts[b].end);
  });
  // Sorted by begin, a range overlaps an earlier one iff it begins before the
  // furthest end seen so far.
  const TensorInfo *furthest = nullptr;
  for (size_t idx : order) {
    const TensorInfo &t = ts[idx];
    if (furthest && t.begin < furthest->end) {
      error = "tensors " + quote(furthest->name) + " (data_offsets " +
              rangeString(furthest->begin, furthest->end) + ") and " +
              quote(t.name) + " (data_offsets " + rangeString(t.begin, t.end) +
              ") overlap";
      return false;
    }
    if (!furthest || t.end > furthest->end)
      furthest = &t;
  }
  return true;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

uint64_t TensorInfo::numElements() const {
  uint64_t n = 1;
  for (int64_t dim : shape) {
    if (dim <= 0)
      return 0;
    if (!mulChecked(n, uint64_t(dim), n))
      return std::numeric_limits<uint64_t>::max();
  }
  return n;
}

const TensorInfo *SafetensorsHeader::find(std::string_view name) const {
  auto it = std::lower_bound(
      tensors.begin(), tensors.end(), name,
      [](const TensorInfo &t, std::string_view n) { return t.name < n; });
  if (it == tensors.end() || it->name != name)
    return nullptr;
  return &*it;
}

bool parseSafetensorsHeader(const uint8_t *bytes, size_t size,
                            uint64_t fileSize, SafetensorsHeader &out,
                            std::string &error) {
  out = SafetensorsHeader();
  error.clear();
  if (fileSize < 8) {
    error = shortFileMessage(fileSize);
    return false;
  }
  if (!bytes || size < 8) {
    error = "only " + std::to_string(bytes ? size : 0) +
            " bytes given, fewer than the 8-byte header length field";
    return false;
  }
  if (size > fileSize) {
    error = std::to_string(size) + " bytes given but the file size is " +
            std::to_string(fileSize);
    return false;
  }
  uint64_t n = readLE64(bytes);
  if (!checkHeaderLength(n, fileSize, error))
    return false;
  if (n > size - 8) {
    error = "only " + std::to_string(size - 8) + " of the " +
            std::to_string(n) + " header bytes given (truncated)";
    return false;
  }

  // nlohmann treats a NUL byte as the end of input and would silently ignore
  // whatever follows it; a NUL is never valid in JSON text, so reject it.
  if (const void *nul = std::memchr(bytes + 8, 0, size_t(n))) {
    error = "header contains a NUL byte at offset " +
            std::to_string(static_cast<const uint8_t *>(nul) - (bytes + 8)) +
            " (not valid JSON)";
    return false;
  }

  SafetensorsHeader h;
  h.headerSize = n;
  h.dataOffset = 8 + n;
  h.fileSize = fileSize;
  try {
    const char *json = reinterpret_cast<const char *>(bytes + 8);
    HeaderSax sax(fileSize - h.dataOffset, h, error);
    bool ok = Json::sax_parse(json, json + n, &sax, Json::input_format_t::json,
                              /*strict=*/true, /*ignore_comments=*/false);
    if (!ok || !sax.finished()) {
      if (error.empty())
        error = "header is not valid JSON";
      return false;
    }
    if (!checkTensorSet(h, error))
      return false;
  } catch (const std::exception &e) {
    error = "failed to parse header: " + oneLine(e.what());
    return false;
  } catch (...) {
    error = "failed to parse header: unknown exception";
    return false;
  }
  out = std::move(h);
  return true;
}

namespace {
struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};

/// Size of an open file, leaving the position at the start.
bool fileSizeOf(std::FILE *f, uint64_t &size, std::string &error) {
#if defined(_WIN32)
  bool ok = _fseeki64(f, 0, SEEK_END) == 0;
  long long pos = ok ? _ftelli64(f) : -1;
#else
  bool ok = fseeko(f, 0, SEEK_END) == 0;
  off_t pos = ok ? ftello(f) : -1;
#endif
  if (pos < 0) {
    error = std::string("cannot determine file size: ") + std::strerror(errno);
    return false;
  }
  size = uint64_t(pos);
  std::rewind(f);
  return true;
}
} // namespace

bool readSafetensorsHeader(const std::string &path, SafetensorsHeader &out,
                           std::string &error) {
  out = SafetensorsHeader();
  error.clear();
  try {
    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) {
      error = std::string("cannot open file: ") + std::strerror(errno);
      return false;
    }
    uint64_t fileSize;
    if (!fileSizeOf(f.get(), fileSize, error))
      return false;

    // Read the length field before trusting the size (this also reports
    // directories and other unreadable files).
    uint8_t lenBytes[8];
    errno = 0;
    size_t got = std::fread(lenBytes, 1, sizeof(lenBytes), f.get());
    if (got < sizeof(lenBytes) && std::ferror(f.get())) {
      error = std::string("cannot read file: ") + std::strerror(errno);
      return false;
    }
    if (fileSize < 8) {
      error = shortFileMessage(fileSize);
      return false;
    }
    if (got < sizeof(lenBytes)) {
      error = "file truncated: only " + std::to_string(got) +
              " of the 8 header length bytes could be read";
      return false;
    }
    uint64_t n = readLE64(lenBytes);
    if (!checkHeaderLength(n, fileSize, error))
      return false;

    // n <= 100 MiB and fits in the file: safe to allocate.
    std::vector<uint8_t> buf(8 + size_t(n));
    std::memcpy(buf.data(), lenBytes, 8);
    errno = 0;
    got = std::fread(buf.data() + 8, 1, size_t(n), f.get());
    if (got < n) {
      if (std::ferror(f.get()))
        error = std::string("cannot read file: ") + std::strerror(errno);
      else
        error = "file truncated: header declares " + std::to_string(n) +
                " bytes but only " + std::to_string(got) + " could be read";
      return false;
    }
    return parseSafetensorsHeader(buf.data(), buf.size(), fileSize, out, error);
  } catch (const std::exception &e) {
    error = "failed to read header: " + oneLine(e.what());
  } catch (...) {
    error = "failed to read header: unknown exception";
  }
  out = SafetensorsHeader();
  return false;
}

} // namespace asr
