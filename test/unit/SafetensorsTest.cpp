//===- SafetensorsTest.cpp - Unit tests for the safetensors reader --------===//
//
// Builds safetensors files in memory and on disk (under ::testing::TempDir())
// and checks that valid headers parse and that every malformed or hostile
// header is rejected with a one-line message naming what is wrong and where.
//
//===----------------------------------------------------------------------===//

#include "frontend/Safetensors.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>

using namespace asr;

namespace {

std::string le64(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i)
    s[i] = char((n >> (8 * i)) & 0xFF);
  return s;
}

/// A file with an explicit length field `n`, the given header bytes and
/// `dataSize` bytes of data (a deterministic pattern).
std::string makeFileWithN(uint64_t n, const std::string &header,
                          uint64_t dataSize) {
  std::string s = le64(n) + header;
  for (uint64_t i = 0; i < dataSize; ++i)
    s += char(i * 7 + 1);
  return s;
}

/// A well-formed file: the length field matches the header.
std::string makeFile(const std::string &header, uint64_t dataSize) {
  return makeFileWithN(header.size(), header, dataSize);
}

bool parseBytes(const std::string &file, SafetensorsHeader &h,
                std::string &err) {
  return parseSafetensorsHeader(reinterpret_cast<const uint8_t *>(file.data()),
                                file.size(), file.size(), h, err);
}

std::string writeTemp(const std::string &name, const std::string &bytes) {
  std::string path = ::testing::TempDir() + "asr_safetensors_test_" + name;
  std::ofstream os(path, std::ios::binary | std::ios::trunc);
  os.write(bytes.data(), std::streamsize(bytes.size()));
  os.close();
  return path;
}

/// Expects the header to be rejected with a message containing every word.
void expectRejected(const std::string &file,
                    std::initializer_list<const char *> words) {
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(parseBytes(file, h, err));
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  for (const char *w : words)
    EXPECT_NE(err.find(w), std::string::npos)
        << "error '" << err << "' lacks '" << w << "'";
  EXPECT_TRUE(h.tensors.empty());
  EXPECT_TRUE(h.metadata.empty());
}

/// A header with one tensor whose entry is `entry`.
std::string oneTensor(const std::string &name, const std::string &entry) {
  return "{\"" + name + "\":" + entry + "}";
}

const char *kValidHeader =
    R"({"__metadata__":{"format":"pt","model":"tiny"},)"
    R"("enc.conv1.weight":{"dtype":"F32","shape":[5,6],"data_offsets":[0,120]},)"
    R"("enc.conv1.bias":{"dtype":"F16","shape":[6],"data_offsets":[120,132]},)"
    R"("dec.embed":{"dtype":"BF16","shape":[2,2],"data_offsets":[132,140]},)"
    R"("ids":{"dtype":"I64","shape":[3],"data_offsets":[140,164]},)"
    R"("mask":{"dtype":"BOOL","shape":[4],"data_offsets":[164,168]},)"
    R"("scale":{"dtype":"F64","shape":[],"data_offsets":[168,176]},)"
    R"("empty":{"dtype":"I32","shape":[0,4],"data_offsets":[176,176]},)"
    R"("bytes":{"dtype":"U8","shape":[2],"data_offsets":[176,178]},)"
    R"("i8":{"dtype":"I8","shape":[1],"data_offsets":[178,179]},)"
    R"("i16":{"dtype":"I16","shape":[1],"data_offsets":[180,182]}})";

} // namespace

//===----------------------------------------------------------------------===//
// DType helpers
//===----------------------------------------------------------------------===//

TEST(SafetensorsDType, NamesAndSizesRoundTrip) {
  const DType all[] = {DType::F32, DType::F16, DType::BF16, DType::F64,
                       DType::I64, DType::I32, DType::I16,  DType::I8,
                       DType::U8,  DType::Bool};
  const size_t sizes[] = {4, 2, 2, 8, 8, 4, 2, 1, 1, 1};
  for (size_t i = 0; i < std::size(all); ++i) {
    DType d;
    ASSERT_TRUE(parseDTypeName(dtypeName(all[i]), d)) << dtypeName(all[i]);
    EXPECT_EQ(d, all[i]);
    EXPECT_EQ(dtypeSize(all[i]), sizes[i]) << dtypeName(all[i]);
  }
  EXPECT_STREQ(dtypeName(DType::Bool), "BOOL");
  DType d = DType::F32;
  EXPECT_FALSE(parseDTypeName("f32", d));
  EXPECT_FALSE(parseDTypeName("F8_E4M3", d));
  EXPECT_FALSE(parseDTypeName("", d));
  EXPECT_EQ(d, DType::F32);
}

TEST(SafetensorsDType, NumElements) {
  TensorInfo t;
  EXPECT_EQ(t.numElements(), 1u); // Scalar.
  t.shape = {2, 3, 4};
  EXPECT_EQ(t.numElements(), 24u);
  t.shape = {2, 0, 4};
  EXPECT_EQ(t.numElements(), 0u);
}

//===----------------------------------------------------------------------===//
// Valid files
//===----------------------------------------------------------------------===//

TEST(SafetensorsParse, ValidFile) {
  std::string header = kValidHeader;
  std::string file = makeFile(header, 182);
  SafetensorsHeader h;
  std::string err;
  ASSERT_TRUE(parseBytes(file, h, err)) << err;
  EXPECT_TRUE(err.empty());
  EXPECT_EQ(h.headerSize, header.size());
  EXPECT_EQ(h.dataOffset, 8 + header.size());
  EXPECT_EQ(h.fileSize, file.size());

  ASSERT_EQ(h.metadata.size(), 2u);
  EXPECT_EQ(h.metadata.at("format"), "pt");
  EXPECT_EQ(h.metadata.at("model"), "tiny");

  ASSERT_EQ(h.tensors.size(), 10u);
  for (size_t i = 1; i < h.tensors.size(); ++i)
    EXPECT_LT(h.tensors[i - 1].name, h.tensors[i].name);

  const TensorInfo *w = h.find("enc.conv1.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->name, "enc.conv1.weight");
  EXPECT_EQ(w->dtype, DType::F32);
  EXPECT_EQ(w->shape, (std::vector<int64_t>{5, 6}));
  EXPECT_EQ(w->begin, 0u);
  EXPECT_EQ(w->end, 120u);
  EXPECT_EQ(w->numElements(), 30u);
  EXPECT_EQ(w->numBytes(), 120u);

  const TensorInfo *b = h.find("enc.conv1.bias");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->dtype, DType::F16);
  EXPECT_EQ(b->begin, 120u);

  const TensorInfo *s = h.find("scale");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->shape.empty());
  EXPECT_EQ(s->numElements(), 1u);
  EXPECT_EQ(s->dtype, DType::F64);

  const TensorInfo *e = h.find("empty");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->numElements(), 0u);
  EXPECT_EQ(e->begin, e->end);

  EXPECT_EQ(h.find("mask")->dtype, DType::Bool);
  EXPECT_EQ(h.find("dec.embed")->dtype, DType::BF16);
  EXPECT_EQ(h.find("ids")->dtype, DType::I64);
  EXPECT_EQ(h.find("bytes")->dtype, DType::U8);
  EXPECT_EQ(h.find("i8")->dtype, DType::I8);
  EXPECT_EQ(h.find("i16")->dtype, DType::I16);

  EXPECT_EQ(h.find("missing"), nullptr);
  EXPECT_EQ(h.find(""), nullptr);
  EXPECT_EQ(h.find("enc"), nullptr);
}

TEST(SafetensorsParse, EmptyHeaderObjectAndPaddingAreAccepted) {
  SafetensorsHeader h;
  std::string err;
  // Writers pad the header with trailing spaces for alignment.
  ASSERT_TRUE(parseBytes(makeFile("{}      ", 0), h, err)) << err;
  EXPECT_TRUE(h.tensors.empty());
  EXPECT_TRUE(h.metadata.empty());
  EXPECT_EQ(h.dataOffset, 16u);
}

TEST(SafetensorsParse, ZeroSizedTensorsNeverOverlap) {
  std::string header =
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("z1":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},)"
      R"("z2":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},)"
      R"("z3":{"dtype":"U8","shape":[3,0],"data_offsets":[8,8]}})";
  SafetensorsHeader h;
  std::string err;
  EXPECT_TRUE(parseBytes(makeFile(header, 8), h, err)) << err;
  EXPECT_EQ(h.tensors.size(), 4u);
}

TEST(SafetensorsParse, FailureResetsOutput) {
  SafetensorsHeader h;
  std::string err;
  ASSERT_TRUE(parseBytes(makeFile(kValidHeader, 182), h, err)) << err;
  EXPECT_FALSE(parseBytes(makeFile("[]", 0), h, err));
  EXPECT_TRUE(h.tensors.empty());
  EXPECT_TRUE(h.metadata.empty());
  EXPECT_EQ(h.headerSize, 0u);
}

//===----------------------------------------------------------------------===//
// File-level rejections
//===----------------------------------------------------------------------===//

TEST(SafetensorsReject, FileShorterThan8Bytes) {
  expectRejected("", {"0 bytes", "shorter than the 8-byte"});
  expectRejected(std::string("\x02\0\0\0", 4),
                 {"4 bytes", "shorter than the 8-byte"});
}

TEST(SafetensorsReject, ZeroHeaderLength) {
  expectRejected(makeFileWithN(0, "", 16), {"header length is 0"});
}

TEST(SafetensorsReject, HugeHeaderLength) {
  expectRejected(makeFileWithN(~uint64_t(0), "{}", 0),
                 {"header length 18446744073709551615", "100 MiB limit"});
  // Over the cap even when the file would be big enough.
  std::string file = makeFileWithN((uint64_t(100) << 20) + 1, "{}", 0);
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(
      parseSafetensorsHeader(reinterpret_cast<const uint8_t *>(file.data()),
                             file.size(), uint64_t(1) << 40, h, err));
  EXPECT_NE(err.find("100 MiB limit"), std::string::npos) << err;
}

TEST(SafetensorsReject, HeaderLengthBeyondFile) {
  expectRejected(makeFileWithN(1000, "{}", 10),
                 {"header length 1000", "exceeds the 12 bytes", "truncated"});
}

TEST(SafetensorsReject, BufferShorterThanDeclaredHeader) {
  std::string file = makeFile(kValidHeader, 182);
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(parseSafetensorsHeader(
      reinterpret_cast<const uint8_t *>(file.data()), 20, file.size(), h, err));
  EXPECT_NE(err.find("only 12 of the"), std::string::npos) << err;
  EXPECT_FALSE(parseSafetensorsHeader(nullptr, 0, file.size(), h, err));
  EXPECT_NE(err.find("8-byte"), std::string::npos) << err;
}

//===----------------------------------------------------------------------===//
// JSON-level rejections
//===----------------------------------------------------------------------===//

TEST(SafetensorsReject, NotJson) {
  expectRejected(makeFile("{not json", 0),
                 {"header is not valid JSON", "parse error"});
  expectRejected(makeFile("", 0), {"header length is 0"});
  // nlohmann stops at a NUL byte; the reader must not ignore what follows.
  expectRejected(makeFile(std::string("{}\0", 3), 0), {"NUL byte at offset 2"});
  expectRejected(makeFile(std::string("{}\0{\"x\":1}", 10), 0),
                 {"NUL byte at offset 2"});
  expectRejected(makeFile("{} {}", 0), {"not valid JSON"});
  expectRejected(makeFile("{\"__metadata__\":{},}", 0), {"not valid JSON"});
  expectRejected(makeFile("/* c */ {}", 0), {"not valid JSON"});
  // Truncated JSON (the declared length cuts the object).
  expectRejected(makeFile(std::string(kValidHeader).substr(0, 50), 182),
                 {"not valid JSON"});
}

TEST(SafetensorsReject, InvalidUtf8) {
  expectRejected(makeFile("{\"a\xff\":{}}", 0), {"not valid JSON"});
}

TEST(SafetensorsReject, NotAnObject) {
  expectRejected(makeFile("[]", 0), {"header is not a JSON object", "array"});
  expectRejected(makeFile("[1,2,3]", 0), {"not a JSON object", "array"});
  expectRejected(makeFile("42", 0), {"not a JSON object", "number"});
  expectRejected(makeFile("\"x\"", 0), {"not a JSON object", "string"});
  expectRejected(makeFile("null", 0), {"not a JSON object", "null"});
}

TEST(SafetensorsReject, EntryNotAnObject) {
  expectRejected(makeFile(oneTensor("w", "[1,2]"), 0),
                 {"tensor 'w'", "entry is not an object", "array"});
  expectRejected(makeFile(oneTensor("w", "7"), 0),
                 {"tensor 'w'", "entry is not an object", "number"});
}

TEST(SafetensorsReject, MissingKeys) {
  expectRejected(
      makeFile(oneTensor("w", R"({"shape":[1],"data_offsets":[0,4]})"), 4),
      {"tensor 'w'", "missing key 'dtype'"});
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"F32","data_offsets":[0,4]})"), 4),
      {"tensor 'w'", "missing key 'shape'"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[1]})"), 4),
                 {"tensor 'w'", "missing key 'data_offsets'"});
}

TEST(SafetensorsReject, ExtraAndDuplicateKeys) {
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[1],)"
                                         R"("data_offsets":[0,4],"extra":1})"),
                          4),
                 {"tensor 'w'", "unexpected key 'extra'"});
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"F32","dtype":"F16","shape":[1],)"
                              R"("data_offsets":[0,4]})"),
               4),
      {"tensor 'w'", "duplicate key 'dtype'"});
}

TEST(SafetensorsReject, DuplicateTensorName) {
  std::string header =
      R"({"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
      R"("w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})";
  expectRejected(makeFile(header, 2), {"duplicate tensor name 'w'"});
}

TEST(SafetensorsReject, DTypeNotAStringOrUnknown) {
  expectRejected(
      makeFile(
          oneTensor("w", R"({"dtype":4,"shape":[1],"data_offsets":[0,4]})"), 4),
      {"tensor 'w'", "dtype is not a string"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F128","shape":[1],)"
                                         R"("data_offsets":[0,16]})"),
                          16),
                 {"tensor 'w'", "unknown dtype 'F128'"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"f32","shape":[1],)"
                                         R"("data_offsets":[0,4]})"),
                          4),
                 {"tensor 'w'", "unknown dtype 'f32'"});
}

TEST(SafetensorsReject, ShapeNotAnArray) {
  expectRejected(
      makeFile(
          oneTensor("w", R"({"dtype":"F32","shape":4,"data_offsets":[0,16]})"),
          16),
      {"tensor 'w'", "shape is not an array"});
  expectRejected(
      makeFile(
          oneTensor("w", R"({"dtype":"F32","shape":{},"data_offsets":[0,16]})"),
          16),
      {"tensor 'w'", "shape is not an array", "object"});
}

TEST(SafetensorsReject, NegativeDimension) {
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[2,-3],)"
                                         R"("data_offsets":[0,24]})"),
                          24),
                 {"tensor 'w'", "negative dimension -3"});
}

TEST(SafetensorsReject, FloatBoolAndOtherDimensions) {
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"F32","shape":[2.0],)"
                              R"("data_offsets":[0,8]})"),
               8),
      {"tensor 'w'", "shape dimension 2.0", "not a non-negative integer"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[1e1],)"
                                         R"("data_offsets":[0,40]})"),
                          40),
                 {"tensor 'w'", "shape dimension 1e1"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[true],)"
                                         R"("data_offsets":[0,4]})"),
                          4),
                 {"tensor 'w'", "shape dimension true"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":["2"],)"
                                         R"("data_offsets":[0,8]})"),
                          8),
                 {"tensor 'w'", "shape dimension a string"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[[2]],)"
                                         R"("data_offsets":[0,8]})"),
                          8),
                 {"tensor 'w'", "shape dimension is an array"});
  // Too large for uint64: nlohmann reads it as a float.
  expectRejected(
      makeFile(oneTensor("w",
                         R"({"dtype":"F32","shape":[18446744073709551616],)"
                         R"("data_offsets":[0,8]})"),
               8),
      {"tensor 'w'", "18446744073709551616", "not a non-negative integer"});
  // Fits uint64 but not int64.
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"F32","shape":[9223372036854775808],)"
                              R"("data_offsets":[0,8]})"),
               8),
      {"tensor 'w'", "9223372036854775808 is too large"});
}

TEST(SafetensorsReject, TooManyDimensions) {
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1,1,1,1,1,1,1,1,1],)"
                              R"("data_offsets":[0,1]})"),
               1),
      {"tensor 'w'", "more than 8 dimensions"});
  SafetensorsHeader h;
  std::string err;
  EXPECT_TRUE(parseBytes(
      makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1,1,1,1,1,1,1,1],)"
                              R"("data_offsets":[0,1]})"),
               1),
      h, err))
      << err;
}

TEST(SafetensorsReject, ElementCountOverflow) {
  // 2^40 * 2^40 = 2^80 elements.
  expectRejected(
      makeFile(oneTensor("big", R"({"dtype":"U8",)"
                                R"("shape":[1099511627776,1099511627776],)"
                                R"("data_offsets":[0,0]})"),
               0),
      {"tensor 'big'", "shape [1099511627776, 1099511627776]",
       "element count that overflows"});
  // A zero dimension after the overflow does not hide it.
  expectRejected(
      makeFile(oneTensor("big", R"({"dtype":"U8",)"
                                R"("shape":[4294967296,4294967296,0],)"
                                R"("data_offsets":[0,0]})"),
               0),
      {"tensor 'big'", "overflows"});
}

TEST(SafetensorsReject, ByteSizeOverflow) {
  // 2^62 F32 elements = 2^64 bytes.
  expectRejected(
      makeFile(oneTensor("big",
                         R"({"dtype":"F32","shape":[4611686018427387904],)"
                         R"("data_offsets":[0,0]})"),
               0),
      {"tensor 'big'", "dtype F32", "byte size that overflows"});
}

TEST(SafetensorsReject, OffsetsMismatch) {
  expectRejected(
      makeFile(
          oneTensor("enc.conv1.weight",
                    R"({"dtype":"F32","shape":[5,6],"data_offsets":[0,100]})"),
          120),
      {"tensor 'enc.conv1.weight': data_offsets [0, 100] do not match dtype "
       "F32 and shape [5, 6] (120 bytes)"});
}

TEST(SafetensorsReject, OffsetsMalformed) {
  expectRejected(
      makeFile(
          oneTensor("w", R"({"dtype":"U8","shape":[1],"data_offsets":[0]})"),
          1),
      {"tensor 'w'", "data_offsets has 1 values, expected 2"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1],)"
                                         R"("data_offsets":[0,1,2]})"),
                          2),
                 {"tensor 'w'", "data_offsets has more than 2 values"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1],)"
                                         R"("data_offsets":[-1,0]})"),
                          1),
                 {"tensor 'w'", "data_offsets has a negative value -1"});
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1],)"
                                         R"("data_offsets":[0,1.0]})"),
                          1),
                 {"tensor 'w'", "data_offsets value 1.0"});
  expectRejected(
      makeFile(
          oneTensor("w", R"({"dtype":"U8","shape":[1],"data_offsets":"0"})"),
          1),
      {"tensor 'w'", "data_offsets is not an array"});
}

TEST(SafetensorsReject, BeginGreaterThanEnd) {
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"U8","shape":[0],)"
                                         R"("data_offsets":[8,4]})"),
                          8),
                 {"tensor 'w'", "data_offsets [8, 4]", "begin > end"});
}

TEST(SafetensorsReject, OffsetsBeyondFile) {
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"F32","shape":[4],)"
                                         R"("data_offsets":[0,16]})"),
                          12),
                 {"tensor 'w'", "data_offsets [0, 16]",
                  "beyond the end of the file", "12 bytes"});
  // Huge offsets whose difference matches: no wrap-around.
  expectRejected(
      makeFile(oneTensor("w", R"({"dtype":"U8","shape":[1],)"
                              R"("data_offsets":[18446744073709551614,)"
                              R"(18446744073709551615]})"),
               4),
      {"tensor 'w'", "beyond the end of the file"});
  // Even an empty tensor must point inside the file.
  expectRejected(makeFile(oneTensor("w", R"({"dtype":"U8","shape":[0],)"
                                         R"("data_offsets":[100,100]})"),
                          4),
                 {"tensor 'w'", "beyond the end of the file"});
}

TEST(SafetensorsReject, OverlappingOffsets) {
  std::string header =
      R"({"a":{"dtype":"F32","shape":[30],"data_offsets":[0,120]},)"
      R"("b":{"dtype":"F32","shape":[30],"data_offsets":[100,220]}})";
  expectRejected(makeFile(header, 220),
                 {"tensors 'a' (data_offsets [0, 120]) and 'b' "
                  "(data_offsets [100, 220]) overlap"});
  // A range nested inside an earlier, longer one.
  header = R"({"a":{"dtype":"U8","shape":[100],"data_offsets":[0,100]},)"
           R"("b":{"dtype":"U8","shape":[10],"data_offsets":[100,110]},)"
           R"("c":{"dtype":"U8","shape":[10],"data_offsets":[50,60]}})";
  expectRejected(makeFile(header, 110), {"'a'", "'c'", "overlap"});
  // Identical ranges.
  header = R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
           R"("b":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})";
  expectRejected(makeFile(header, 4), {"'a'", "'b'", "overlap"});
}

TEST(SafetensorsReject, BadMetadata) {
  expectRejected(makeFile(R"({"__metadata__":[]})", 0),
                 {"__metadata__ is not an object"});
  expectRejected(makeFile(R"({"__metadata__":"x"})", 0),
                 {"__metadata__ is not an object"});
  expectRejected(makeFile(R"({"__metadata__":{"k":1}})", 0),
                 {"__metadata__ value for key 'k' is not a string"});
  expectRejected(makeFile(R"({"__metadata__":{"k":{"x":"y"}}})", 0),
                 {"__metadata__ value for key 'k' is not a string"});
  expectRejected(makeFile(R"({"__metadata__":{"k":null}})", 0),
                 {"key 'k'", "null"});
  expectRejected(makeFile(R"({"__metadata__":{"k":"a","k":"b"}})", 0),
                 {"__metadata__ has duplicate key 'k'"});
  expectRejected(makeFile(R"({"__metadata__":{},"__metadata__":{}})", 0),
                 {"duplicate key __metadata__"});
}

TEST(SafetensorsReject, HostileNamesStayOnOneLine) {
  std::string longName(1000, 'x');
  expectRejected(makeFile(oneTensor("a\\nb\\u0000'c", "1"), 0),
                 {"tensor 'a\\x0ab\\x00\\'c'", "entry is not an object"});
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(parseBytes(makeFile(oneTensor(longName, "1"), 0), h, err));
  EXPECT_LT(err.size(), 300u) << err;
  EXPECT_NE(err.find("..."), std::string::npos) << err;
}

TEST(SafetensorsReject, DeepNestingIsCheap) {
  // Deep nesting is rejected at the first container where none may appear.
  std::string deep = "{\"w\":{\"shape\":" + std::string(1 << 20, '[') + "}}";
  expectRejected(makeFile(deep, 0),
                 {"tensor 'w'", "shape dimension is an array"});
  std::string deepMeta =
      "{\"__metadata__\":{\"k\":" + std::string(1 << 20, '{') + "}}";
  expectRejected(makeFile(deepMeta, 0), {"key 'k'", "not a string"});
}

TEST(SafetensorsReject, RandomMutationsNeverCrash) {
  std::string valid = makeFile(kValidHeader, 182);
  std::mt19937 rng(12345);
  int accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string f = valid;
    int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % f.size();
      switch (rng() % 4) {
      case 0:
        f[pos] = char(rng());
        break;
      case 1:
        f.erase(pos, 1 + rng() % 8);
        break;
      case 2:
        f.insert(pos, 1, "{}[],:\"0-9.e "[rng() % 13]);
        break;
      default:
        f.resize(pos);
        break;
      }
      if (f.empty())
        break;
    }
    SafetensorsHeader h;
    std::string err;
    bool ok = parseBytes(f, h, err);
    if (ok) {
      ++accepted;
      for (const TensorInfo &t : h.tensors) {
        ASSERT_LE(t.begin, t.end);
        ASSERT_LE(h.dataOffset + t.end, h.fileSize);
        ASSERT_EQ(t.end - t.begin, t.numElements() * dtypeSize(t.dtype));
      }
    } else {
      ASSERT_FALSE(err.empty());
      ASSERT_EQ(err.find('\n'), std::string::npos) << err;
    }
  }
  // Some edits (e.g. to data bytes) keep the file valid.
  EXPECT_GT(accepted, 0);
}

//===----------------------------------------------------------------------===//
// Reading from disk
//===----------------------------------------------------------------------===//

TEST(SafetensorsRead, ValidFileOnDisk) {
  std::string path =
      writeTemp("valid.safetensors", makeFile(kValidHeader, 182));
  SafetensorsHeader h;
  std::string err;
  ASSERT_TRUE(readSafetensorsHeader(path, h, err)) << err;
  EXPECT_EQ(h.tensors.size(), 10u);
  EXPECT_EQ(h.fileSize, 8 + std::string(kValidHeader).size() + 182);
  EXPECT_EQ(h.metadata.at("format"), "pt");
  ASSERT_NE(h.find("enc.conv1.weight"), nullptr);
  EXPECT_EQ(h.find("enc.conv1.weight")->end, 120u);
  std::remove(path.c_str());
}

TEST(SafetensorsRead, MissingFile) {
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(
      ::testing::TempDir() + "asr_no_such_file.safetensors", h, err));
  EXPECT_NE(err.find("cannot open file"), std::string::npos) << err;
  EXPECT_NE(err.find("No such file or directory"), std::string::npos) << err;
}

TEST(SafetensorsRead, Directory) {
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(::testing::TempDir(), h, err));
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
}

TEST(SafetensorsRead, FileShorterThan8Bytes) {
  std::string path = writeTemp("short.safetensors", "abc");
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(path, h, err));
  EXPECT_NE(err.find("file is 3 bytes, shorter than the 8-byte"),
            std::string::npos)
      << err;
  std::remove(path.c_str());
}

TEST(SafetensorsRead, TruncatedHeader) {
  // Declares a 1000-byte header but holds only 10 bytes after the length.
  std::string path =
      writeTemp("trunc_header.safetensors", makeFileWithN(1000, "{}", 8));
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(path, h, err));
  EXPECT_NE(err.find("header length 1000"), std::string::npos) << err;
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
  std::remove(path.c_str());
}

TEST(SafetensorsRead, TruncatedData) {
  // The header is whole but the data section is cut short.
  std::string path =
      writeTemp("trunc_data.safetensors", makeFile(kValidHeader, 100));
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(path, h, err));
  EXPECT_NE(err.find("beyond the end of the file"), std::string::npos) << err;
  EXPECT_NE(err.find("tensor '"), std::string::npos) << err;
  std::remove(path.c_str());
}

TEST(SafetensorsRead, HugeHeaderLengthDoesNotAllocate) {
  std::string path =
      writeTemp("huge.safetensors", makeFileWithN(uint64_t(1) << 62, "{}", 0));
  SafetensorsHeader h;
  std::string err;
  EXPECT_FALSE(readSafetensorsHeader(path, h, err));
  EXPECT_NE(err.find("100 MiB limit"), std::string::npos) << err;
  std::remove(path.c_str());
}
