//===- AudioTest.cpp - Unit tests for the runtime's audio input -----------===//
//
// asrc_audio_read / asrc_audio_read_memory / asrc_audio_resample (asrc.h):
// WAVs written byte by byte here (PCM 8/16/24/32-bit, float 32/64,
// WAVE_FORMAT_EXTENSIBLE, stereo and 6 channels) read back against the
// samples they were built from; FLAC written with libsndfile; resampling of
// sines against the analytic sine; a real 8 kHz recording of the FSDD set;
// and hostile files (truncated, sizes past the end of the file, 0 or absurd
// channels and rates, unsupported encodings and containers, garbage, empty
// files, directories, missing files, every truncation and random byte
// corruption of valid files): each an error naming the file, never a crash.
//
//===----------------------------------------------------------------------===//

#include "asrc.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Owns an error; prints its message on failure.
struct AudioErr {
  asrc_error *e;
  AudioErr(asrc_error *e) : e(e) {}
  ~AudioErr() { asrc_error_free(e); }
  AudioErr(const AudioErr &) = delete;
  asrc_code code() const { return asrc_error_code(e); }
  std::string msg() const { return e ? asrc_error_message(e) : ""; }
  bool ok() const { return e == nullptr; }
};

#define AUDIO_EXPECT_OK(expr)                                                  \
  do {                                                                         \
    AudioErr err_(expr);                                                       \
    ASSERT_TRUE(err_.ok()) << err_.msg();                                      \
  } while (0)

/// Owns a tensor filled by the audio functions.
struct Signal {
  asrc_tensor t;
  Signal() { std::memset(&t, 0, sizeof t); }
  ~Signal() { asrc_tensor_free(&t); }
  Signal(const Signal &) = delete;
  int64_t size() const { return t.shape[0]; }
  const float *data() const { return static_cast<const float *>(t.data); }
  float operator[](int64_t i) const { return data()[i]; }
};

/// A fresh temporary directory, removed (with its files) at the end.
struct TempDir {
  std::string path;
  std::vector<std::string> files;
  TempDir() {
    char tmpl[] = "/tmp/asrc-audio-test-XXXXXX";
    char *p = mkdtemp(tmpl);
    if (p)
      path = p;
  }
  ~TempDir() {
    for (const std::string &f : files)
      std::remove(f.c_str());
    rmdir(path.c_str());
  }
  std::string file(const std::string &name) {
    std::string f = path + "/" + name;
    files.push_back(f);
    return f;
  }
  std::string write(const std::string &name, const std::vector<uint8_t> &bytes) {
    std::string f = file(name);
    std::ofstream os(f, std::ios::binary);
    os.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    return f;
  }
};

void put16(std::vector<uint8_t> &v, uint32_t x) {
  v.push_back(uint8_t(x));
  v.push_back(uint8_t(x >> 8));
}
void put32(std::vector<uint8_t> &v, uint32_t x) {
  put16(v, x & 0xffff);
  put16(v, x >> 16);
}
void putId(std::vector<uint8_t> &v, const char *id) { v.insert(v.end(), id, id + 4); }
void set32(std::vector<uint8_t> &v, size_t at, uint32_t x) {
  for (int i = 0; i < 4; ++i)
    v[at + i] = uint8_t(x >> (8 * i));
}
void set16(std::vector<uint8_t> &v, size_t at, uint32_t x) {
  v[at] = uint8_t(x);
  v[at + 1] = uint8_t(x >> 8);
}

/// A WAV's fields; `data` holds the raw sample bytes.
struct WavSpec {
  uint16_t tag = 1;
  uint16_t channels = 1;
  uint32_t rate = 16000;
  uint16_t bits = 16;
  bool extensible = false;
  std::vector<uint8_t> data;
};

// Offsets in a plain 44-byte-header WAV built by makeWav (not extensible).
constexpr size_t kRiffSize = 4, kFmtSize = 16, kTag = 20, kChannels = 22,
                 kRate = 24, kBlockAlign = 32, kBits = 34, kDataId = 36,
                 kDataSize = 40, kDataStart = 44;

std::vector<uint8_t> makeWav(const WavSpec &s) {
  std::vector<uint8_t> v;
  putId(v, "RIFF");
  put32(v, 0); // patched below
  putId(v, "WAVE");
  putId(v, "fmt ");
  put32(v, s.extensible ? 40 : 16);
  put16(v, s.extensible ? 0xfffe : s.tag);
  put16(v, s.channels);
  put32(v, s.rate);
  uint32_t blockAlign = uint32_t(s.channels) * (s.bits / 8);
  put32(v, s.rate * blockAlign);
  put16(v, blockAlign);
  put16(v, s.bits);
  if (s.extensible) {
    put16(v, 22);     // cbSize
    put16(v, s.bits); // valid bits
    put32(v, s.channels == 2 ? 3 : 4); // channel mask
    put16(v, s.tag);  // subformat GUID: tag, then the standard tail
    const uint8_t tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                              0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
    v.insert(v.end(), tail, tail + 14);
  }
  putId(v, "data");
  put32(v, uint32_t(s.data.size()));
  v.insert(v.end(), s.data.begin(), s.data.end());
  if (s.data.size() & 1)
    v.push_back(0);
  set32(v, kRiffSize, uint32_t(v.size() - 8));
  return v;
}

/// Integer PCM bytes (little-endian, `bits` wide; 8-bit is unsigned).
std::vector<uint8_t> pcmBytes(const std::vector<int64_t> &codes, int bits) {
  std::vector<uint8_t> v;
  for (int64_t c : codes) {
    uint64_t u = bits == 8 ? uint64_t(c + 128) : uint64_t(c);
    for (int b = 0; b < bits / 8; ++b)
      v.push_back(uint8_t(u >> (8 * b)));
  }
  return v;
}

/// `n` codes spread over the full range of `bits`-bit PCM, extremes included.
std::vector<int64_t> pcmCodes(int bits, int n) {
  int64_t lo = -(int64_t(1) << (bits - 1)), hi = (int64_t(1) << (bits - 1)) - 1;
  std::vector<int64_t> codes = {lo, hi, 0, -1, 1};
  std::mt19937_64 rng(bits);
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  while (int(codes.size()) < n)
    codes.push_back(dist(rng));
  return codes;
}

/// Reads `path` (rate 0: the file's); fails the test on error.
void readOk(const std::string &path, int32_t rate, Signal &s, int32_t *outRate = nullptr) {
  AudioErr e(asrc_audio_read(path.c_str(), rate, &s.t, outRate));
  ASSERT_TRUE(e.ok()) << e.msg();
  ASSERT_EQ(s.t.dtype, ASRC_F32);
  ASSERT_EQ(s.t.rank, 1);
}

/// Expects `s` to hold `frames` samples, each the mean of the `channels`
/// interleaved 16-bit codes code(frame * channels + c) / 32768.
template <typename Code>
void expectChannelMean(const Signal &s, int64_t frames, int channels, Code code) {
  ASSERT_EQ(s.size(), frames);
  for (int64_t i = 0; i < frames; ++i) {
    double sum = 0;
    for (int c = 0; c < channels; ++c)
      sum += code(size_t(i * channels + c)) / 32768.0;
    ASSERT_NEAR(s[i], sum / channels, 1e-7) << "frame " << i;
  }
}

/// Expects reading `path` to fail with `code` and a message naming the file
/// and containing `text`; the output tensor stays untouched.
void expectReadError(const std::string &path, const std::string &text,
                     asrc_code code = ASRC_IO_ERROR) {
  asrc_tensor out;
  std::memset(&out, 0, sizeof out);
  int dummy = 0;
  out.data = &dummy;
  out.rank = 7;
  int32_t rate = -5;
  AudioErr e(asrc_audio_read(path.c_str(), 0, &out, &rate));
  ASSERT_FALSE(e.ok()) << path << ": expected an error containing: " << text;
  EXPECT_EQ(e.code(), code) << e.msg();
  EXPECT_NE(e.msg().find("'" + path + "'"), std::string::npos)
      << "the message does not name the file: " << e.msg();
  EXPECT_NE(e.msg().find(text), std::string::npos)
      << "message: " << e.msg() << "\nexpected to contain: " << text;
  EXPECT_EQ(out.data, &dummy);
  EXPECT_EQ(out.rank, 7);
  EXPECT_EQ(rate, -5);
}

/// Writes `frames` x `channels` 16-bit samples with libsndfile as `format`.
std::string writeSndfile(TempDir &dir, const std::string &name, int format, int channels,
                         int rate, const std::vector<short> &samples) {
  std::string path = dir.file(name);
  SF_INFO info;
  std::memset(&info, 0, sizeof info);
  info.channels = channels;
  info.samplerate = rate;
  info.format = format;
  SNDFILE *f = sf_open(path.c_str(), SFM_WRITE, &info);
  EXPECT_NE(f, nullptr) << sf_strerror(nullptr);
  if (!f)
    return path;
  EXPECT_EQ(sf_writef_short(f, samples.data(), sf_count_t(samples.size() / channels)),
            sf_count_t(samples.size() / channels));
  sf_close(f);
  return path;
}

std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream is(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(is)),
                              std::istreambuf_iterator<char>());
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(AudioRead, IntegerPcmEveryWidth) {
  TempDir dir;
  for (int bits : {8, 16, 24, 32}) {
    for (bool ext : {false, true}) {
      SCOPED_TRACE("bits " + std::to_string(bits) + (ext ? " extensible" : ""));
      std::vector<int64_t> codes = pcmCodes(bits, 1001); // odd size: padded
      WavSpec spec;
      spec.bits = uint16_t(bits);
      spec.rate = 22050;
      spec.extensible = ext;
      spec.data = pcmBytes(codes, bits);
      std::string path = dir.write("pcm" + std::to_string(bits) + (ext ? "x" : "") + ".wav",
                                   makeWav(spec));
      Signal s;
      int32_t rate = 0;
      readOk(path, 0, s, &rate);
      EXPECT_EQ(rate, 22050);
      ASSERT_EQ(s.size(), int64_t(codes.size()));
      double scale = std::ldexp(1.0, bits - 1);
      for (size_t i = 0; i < codes.size(); ++i) {
        float want = float(double(codes[i]) / scale);
        ASSERT_EQ(s[int64_t(i)], want) << "sample " << i << " code " << codes[i];
        ASSERT_GE(s[int64_t(i)], -1.0f);
        ASSERT_LE(s[int64_t(i)], 1.0f); // 32-bit: (2^31 - 1) / 2^31 rounds to 1
      }
    }
  }
}

TEST(AudioRead, FloatSamplesAsStored) {
  TempDir dir;
  std::vector<float> f32 = {0.0f, 0.5f, -0.25f, 1.0f, -1.0f, 1.5f, -3.0f, 1e-7f};
  for (bool ext : {false, true}) {
    WavSpec spec;
    spec.tag = 3;
    spec.bits = 32;
    spec.extensible = ext;
    spec.data.resize(f32.size() * 4);
    std::memcpy(spec.data.data(), f32.data(), spec.data.size());
    std::string path = dir.write(ext ? "f32x.wav" : "f32.wav", makeWav(spec));
    Signal s;
    readOk(path, 0, s);
    ASSERT_EQ(s.size(), int64_t(f32.size()));
    for (size_t i = 0; i < f32.size(); ++i)
      EXPECT_EQ(s[int64_t(i)], f32[i]) << i;
  }
  std::vector<double> f64 = {0.0, 0.125, -0.75, 2.0};
  WavSpec spec;
  spec.tag = 3;
  spec.bits = 64;
  spec.data.resize(f64.size() * 8);
  std::memcpy(spec.data.data(), f64.data(), spec.data.size());
  std::string path = dir.write("f64.wav", makeWav(spec));
  Signal s;
  readOk(path, 0, s);
  ASSERT_EQ(s.size(), int64_t(f64.size()));
  for (size_t i = 0; i < f64.size(); ++i)
    EXPECT_EQ(s[int64_t(i)], float(f64[i])) << i;
}

TEST(AudioRead, MultiChannelIsMixedDown) {
  TempDir dir;
  for (int channels : {2, 6}) {
    SCOPED_TRACE(std::to_string(channels) + " channels");
    std::vector<int64_t> codes = pcmCodes(16, 600 * channels);
    WavSpec spec;
    spec.channels = uint16_t(channels);
    spec.extensible = channels > 2;
    spec.data = pcmBytes(codes, 16);
    std::string path = dir.write("multi" + std::to_string(channels) + ".wav", makeWav(spec));
    Signal s;
    readOk(path, 0, s);
    expectChannelMean(s, 600, channels, [&](size_t k) { return double(codes[k]); });
  }
}

TEST(AudioRead, FlacRoundTrip) {
  TempDir dir;
  for (int channels : {1, 2}) {
    SCOPED_TRACE(std::to_string(channels) + " channels");
    std::vector<int64_t> codes = pcmCodes(16, 4000 * channels);
    std::vector<short> samples(codes.begin(), codes.end());
    std::string path = writeSndfile(dir, "t" + std::to_string(channels) + ".flac",
                                    SF_FORMAT_FLAC | SF_FORMAT_PCM_16, channels, 16000,
                                    samples);
    Signal s;
    int32_t rate = 0;
    readOk(path, 0, s, &rate);
    EXPECT_EQ(rate, 16000);
    expectChannelMean(s, 4000, channels, [&](size_t k) { return double(samples[k]); });
  }
}

TEST(AudioRead, MemoryEqualsFile) {
  TempDir dir;
  WavSpec spec;
  spec.data = pcmBytes(pcmCodes(16, 321), 16);
  std::vector<uint8_t> bytes = makeWav(spec);
  std::string path = dir.write("m.wav", bytes);
  Signal a, b;
  readOk(path, 0, a);
  int32_t rate = 0;
  AUDIO_EXPECT_OK(asrc_audio_read_memory(bytes.data(), bytes.size(), "buf", 0, &b.t, &rate));
  EXPECT_EQ(rate, 16000);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), size_t(a.size()) * 4), 0);

  // Errors name the buffer ("<memory>" without a name).
  asrc_tensor out;
  AudioErr e1(asrc_audio_read_memory(bytes.data(), 20, "clip", 0, &out, nullptr));
  ASSERT_FALSE(e1.ok());
  EXPECT_NE(e1.msg().find("'clip'"), std::string::npos) << e1.msg();
  AudioErr e2(asrc_audio_read_memory("abcdefgh", 8, nullptr, 0, &out, nullptr));
  ASSERT_FALSE(e2.ok());
  EXPECT_NE(e2.msg().find("'<memory>'"), std::string::npos) << e2.msg();
  AudioErr e3(asrc_audio_read_memory(nullptr, 0, "nothing", 0, &out, nullptr));
  ASSERT_FALSE(e3.ok());
  EXPECT_NE(e3.msg().find("empty"), std::string::npos) << e3.msg();
}

TEST(AudioRead, EmptyDataChunkAndStreamedSizes) {
  TempDir dir;
  WavSpec spec;
  std::string empty = dir.write("nodata.wav", makeWav(spec));
  Signal s;
  readOk(empty, 0, s);
  EXPECT_EQ(s.size(), 0);

  // Streamed WAVs: RIFF and data sizes 0xFFFFFFFF mean "to the end".
  std::vector<int64_t> codes = pcmCodes(16, 100);
  spec.data = pcmBytes(codes, 16);
  std::vector<uint8_t> bytes = makeWav(spec);
  set32(bytes, kRiffSize, 0xffffffffu);
  set32(bytes, kDataSize, 0xffffffffu);
  std::string streamed = dir.write("streamed.wav", bytes);
  Signal t;
  readOk(streamed, 0, t);
  ASSERT_EQ(t.size(), 100);
  EXPECT_EQ(t[0], -1.0f);
}

//===----------------------------------------------------------------------===//
// Resampling
//===----------------------------------------------------------------------===//

std::vector<float> sine(double freq, int rate, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[size_t(i)] = float(0.5 * std::sin(2 * M_PI * freq * double(i) / rate));
  return v;
}

/// Max |x[i] - 0.5 sin(2 pi f i / rate)| for i in [edge, n - edge).
double sineError(const Signal &s, double freq, int rate, int64_t edge) {
  double worst = 0;
  for (int64_t i = edge; i < s.size() - edge; ++i)
    worst = std::max(worst,
                     std::fabs(double(s[i]) - 0.5 * std::sin(2 * M_PI * freq * double(i) / rate)));
  return worst;
}

TEST(AudioResample, SineMatchesAnalytic) {
  struct Case {
    int from, to;
    double freq;
  } cases[] = {{8000, 16000, 440.0},  {8000, 16000, 3000.0}, {16000, 8000, 1000.0},
               {44100, 16000, 997.0}, {22050, 16000, 300.0}, {16000, 48000, 5000.0}};
  for (const Case &c : cases) {
    SCOPED_TRACE(std::to_string(c.from) + " -> " + std::to_string(c.to) + " Hz, sine " +
                 std::to_string(c.freq));
    int64_t n = c.from; // 1 s
    std::vector<float> in = sine(c.freq, c.from, n);
    Signal out;
    AUDIO_EXPECT_OK(asrc_audio_resample(in.data(), n, c.from, c.to, &out.t));
    ASSERT_EQ(out.t.dtype, ASRC_F32);
    ASSERT_EQ(out.t.rank, 1);
    EXPECT_EQ(out.size(), (n * c.to + c.from - 1) / c.from);
    double err = sineError(out, c.freq, c.to, c.to / 20); // 50 ms from the edges
    EXPECT_LT(err, 1e-3);
  }
}

TEST(AudioResample, LengthsAndArguments) {
  std::vector<float> in(1001, 0.25f);
  Signal a, b, c;
  AUDIO_EXPECT_OK(asrc_audio_resample(in.data(), 1001, 8000, 16000, &a.t));
  EXPECT_EQ(a.size(), 2002);
  AUDIO_EXPECT_OK(asrc_audio_resample(in.data(), 1001, 16000, 8000, &b.t));
  EXPECT_EQ(b.size(), 501); // ceil(1001 / 2)
  AUDIO_EXPECT_OK(asrc_audio_resample(in.data(), 1001, 16000, 16000, &c.t));
  ASSERT_EQ(c.size(), 1001);
  EXPECT_EQ(std::memcmp(c.data(), in.data(), 1001 * 4), 0);
  Signal empty;
  AUDIO_EXPECT_OK(asrc_audio_resample(nullptr, 0, 8000, 16000, &empty.t));
  EXPECT_EQ(empty.size(), 0);
  EXPECT_EQ(empty.t.rank, 1);

  asrc_tensor out;
  struct Bad {
    const float *in;
    int64_t n;
    int32_t from, to;
    asrc_tensor *out;
    const char *text;
  } bad[] = {{in.data(), 10, 0, 16000, &out, "sample rate 0 Hz"},
             {in.data(), 10, 8000, -16000, &out, "sample rate -16000 Hz"},
             {in.data(), 10, 8000, 100000000, &out, "sample rate 100000000 Hz"},
             {in.data(), -1, 8000, 16000, &out, "negative sample count"},
             {nullptr, 10, 8000, 16000, &out, "input is NULL"},
             {in.data(), 10, 8000, 16000, nullptr, "output tensor is NULL"}};
  for (const Bad &x : bad) {
    AudioErr e(asrc_audio_resample(x.in, x.n, x.from, x.to, x.out));
    ASSERT_FALSE(e.ok()) << x.text;
    EXPECT_EQ(e.code(), ASRC_INVALID_ARGUMENT);
    EXPECT_NE(e.msg().find(x.text), std::string::npos) << e.msg();
    EXPECT_NE(e.msg().find("asrc_audio_resample"), std::string::npos) << e.msg();
  }
}

TEST(AudioResample, ReadResamplesToTheRequestedRate) {
  TempDir dir;
  const int64_t n = 8000;
  std::vector<float> s = sine(440.0, 8000, n);
  std::vector<int64_t> codes;
  for (float x : s)
    codes.push_back(int64_t(std::lround(x * 32767.0)));
  WavSpec spec;
  spec.rate = 8000;
  spec.data = pcmBytes(codes, 16);
  std::string path = dir.write("sine8k.wav", makeWav(spec));
  Signal up;
  int32_t rate = 0;
  readOk(path, 16000, up, &rate);
  EXPECT_EQ(rate, 16000);
  ASSERT_EQ(up.size(), 2 * n);
  // 16-bit quantization (1/65536 scaled by 32767/32768) plus resampling.
  EXPECT_LT(sineError(up, 440.0, 16000, 800), 1e-3);
  Signal same;
  readOk(path, 8000, same, &rate);
  EXPECT_EQ(rate, 8000);
  EXPECT_EQ(same.size(), n);

  asrc_tensor out;
  AudioErr e(asrc_audio_read(path.c_str(), 999, &out, nullptr));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_NE(e.msg().find("sample rate 999 Hz"), std::string::npos) << e.msg();
}

//===----------------------------------------------------------------------===//
// A real recording (FSDD: 8 kHz, 16-bit mono WAVs)
//===----------------------------------------------------------------------===//

TEST(AudioRead, FsddRecording) {
  const std::string path = "/work/shared/data/fsdd/recordings/0_george_0.wav";
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    GTEST_SKIP() << path << " is not available";
  // The reference: libsndfile directly.
  SF_INFO info;
  std::memset(&info, 0, sizeof info);
  SNDFILE *f = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  std::vector<short> ref(size_t(info.frames * info.channels));
  ASSERT_EQ(sf_readf_short(f, ref.data(), info.frames), info.frames);
  sf_close(f);
  ASSERT_EQ(info.samplerate, 8000);
  ASSERT_EQ(info.channels, 1);

  Signal native;
  int32_t rate = 0;
  readOk(path, 0, native, &rate);
  EXPECT_EQ(rate, 8000);
  ASSERT_EQ(native.size(), info.frames);
  for (int64_t i = 0; i < native.size(); ++i)
    ASSERT_EQ(native[i], float(ref[size_t(i)]) / 32768.0f) << i;

  Signal up;
  readOk(path, 16000, up, &rate);
  EXPECT_EQ(rate, 16000);
  EXPECT_EQ(up.size(), 2 * info.frames);
  // Same as resampling the native signal; speech-level energy is kept.
  Signal viaApi;
  AUDIO_EXPECT_OK(asrc_audio_resample(native.data(), native.size(), 8000, 16000, &viaApi.t));
  ASSERT_EQ(viaApi.size(), up.size());
  EXPECT_EQ(std::memcmp(viaApi.data(), up.data(), size_t(up.size()) * 4), 0);
  double e8 = 0, e16 = 0;
  for (int64_t i = 0; i < native.size(); ++i)
    e8 += double(native[i]) * native[i];
  for (int64_t i = 0; i < up.size(); ++i)
    e16 += double(up[i]) * up[i];
  EXPECT_GT(e8, 0);
  EXPECT_NEAR(e16 / 2, e8, 0.05 * e8);
}

TEST(AudioRead, FsddEveryTwentiethRecording) {
  const std::string dirPath = "/work/shared/data/fsdd/recordings";
  DIR *d = opendir(dirPath.c_str());
  if (!d)
    GTEST_SKIP() << dirPath << " is not available";
  std::vector<std::string> names;
  while (dirent *e = readdir(d))
    if (std::strstr(e->d_name, ".wav"))
      names.push_back(e->d_name);
  closedir(d);
  std::sort(names.begin(), names.end());
  int checked = 0;
  for (size_t i = 0; i < names.size(); i += 20) {
    std::string path = dirPath + "/" + names[i];
    SF_INFO info;
    std::memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr) << path;
    sf_close(f);
    Signal s;
    int32_t rate = 0;
    readOk(path, 16000, s, &rate);
    EXPECT_EQ(rate, 16000);
    EXPECT_EQ(s.size(), (info.frames * 16000 + info.samplerate - 1) / info.samplerate) << path;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(AudioRead, ConcurrentReads) {
  TempDir dir;
  WavSpec spec;
  spec.channels = 2;
  spec.data = pcmBytes(pcmCodes(16, 2000), 16);
  std::string good = dir.write("good.wav", makeWav(spec));
  std::vector<uint8_t> bad = makeWav(spec);
  set16(bad, kChannels, 0);
  std::string broken = dir.write("broken.wav", bad);
  std::string garbage = dir.write("garbage.flac", {'f', 'L', 'a', 'C', 0, 0, 0, 34, 1, 2, 3, 4,
                                                    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                                                    28, 29, 30, 31, 32, 33, 34});
  Signal ref;
  readOk(good, 16000, ref);
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        Signal s;
        asrc_error *e = asrc_audio_read(good.c_str(), 16000, &s.t, nullptr);
        if (e || s.size() != ref.size() ||
            std::memcmp(s.data(), ref.data(), size_t(s.size()) * 4) != 0)
          ++failures[size_t(t)];
        asrc_error_free(e);
        for (const std::string *p : {&broken, &garbage}) {
          asrc_tensor out;
          e = asrc_audio_read(p->c_str(), 0, &out, nullptr);
          if (!e || std::string(asrc_error_message(e)).find(*p) == std::string::npos)
            ++failures[size_t(t)];
          asrc_error_free(e);
        }
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int t = 0; t < 8; ++t)
    EXPECT_EQ(failures[size_t(t)], 0) << "thread " << t;
}

//===----------------------------------------------------------------------===//
// Hostile input
//===----------------------------------------------------------------------===//

std::vector<uint8_t> validWav() {
  WavSpec spec;
  spec.data = pcmBytes(pcmCodes(16, 64), 16);
  return makeWav(spec);
}

TEST(AudioHostile, FileSystem) {
  TempDir dir;
  expectReadError(dir.path + "/missing.wav", "cannot open: No such file or directory");
  expectReadError(dir.path, "is a directory");
  expectReadError(dir.write("empty.wav", {}), "the file is empty");
  expectReadError("/dev/null", "not a regular file");

  asrc_tensor out;
  AudioErr e1(asrc_audio_read(nullptr, 0, &out, nullptr));
  EXPECT_EQ(e1.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_NE(e1.msg().find("path is NULL"), std::string::npos) << e1.msg();
  AudioErr e2(asrc_audio_read("x.wav", 0, nullptr, nullptr));
  EXPECT_EQ(e2.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_NE(e2.msg().find("output tensor is NULL"), std::string::npos) << e2.msg();
  AudioErr e3(asrc_audio_read("x.wav", -16000, &out, nullptr));
  EXPECT_EQ(e3.code(), ASRC_INVALID_ARGUMENT);
  EXPECT_NE(e3.msg().find("sample rate -16000 Hz"), std::string::npos) << e3.msg();
}

TEST(AudioHostile, TruncatedHeaders) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav();
  expectReadError(dir.write("3.wav", {wav.begin(), wav.begin() + 3}),
                  "truncated header (3 bytes)");
  expectReadError(dir.write("10.wav", {wav.begin(), wav.begin() + 10}),
                  "truncated WAV header (10 bytes)");
  expectReadError(dir.write("30.wav", {wav.begin(), wav.begin() + 30}),
                  "the RIFF chunk declares 164 bytes but the file has 22 bytes");
  // A RIFF size that fits a 30-byte file: the 'fmt ' chunk does not.
  std::vector<uint8_t> cut(wav.begin(), wav.begin() + 30);
  set32(cut, kRiffSize, 22);
  expectReadError(dir.write("30b.wav", cut),
                  "chunk 'fmt ' at offset 12 declares 16 bytes but only 10 follow it");
  // Header complete, samples cut.
  expectReadError(dir.write("50.wav", {wav.begin(), wav.begin() + 50}),
                  "truncated or corrupt WAV");
  std::vector<uint8_t> fl(wav.begin(), wav.begin() + 4);
  fl[0] = 'f', fl[1] = 'L', fl[2] = 'a', fl[3] = 'C';
  expectReadError(dir.write("4.flac", fl), "truncated FLAC header (4 bytes)");
}

TEST(AudioHostile, SizesPastTheEndOfTheFile) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav(); // 44 + 128 bytes
  std::vector<uint8_t> v = wav;
  set32(v, kRiffSize, 0x7ffffff0u);
  expectReadError(dir.write("riff.wav", v),
                  "the RIFF chunk declares 2147483632 bytes but the file has 164 bytes");
  v = wav;
  set32(v, kDataSize, 0x7ffffff0u);
  expectReadError(dir.write("data.wav", v),
                  "chunk 'data' at offset 36 declares 2147483632 bytes but only 128 follow it");
  v = wav;
  set32(v, kDataSize, 129);
  expectReadError(dir.write("data1.wav", v),
                  "chunk 'data' at offset 36 declares 129 bytes but only 128 follow it");
  v = wav;
  set32(v, kFmtSize, 0xfffffff0u);
  expectReadError(dir.write("fmt.wav", v),
                  "chunk 'fmt ' at offset 12 declares 4294967280 bytes");
  // A data chunk that fits the RIFF chunk but the RIFF chunk is shorter.
  v = wav;
  set32(v, kRiffSize, 100);
  expectReadError(dir.write("riffshort.wav", v),
                  "chunk 'data' at offset 36 declares 128 bytes but only 64 follow it");
  // A trailing chunk running past the end.
  v = wav;
  putId(v, "LIST");
  put32(v, 1000);
  put32(v, 0);
  set32(v, kRiffSize, uint32_t(v.size() - 8));
  expectReadError(dir.write("list.wav", v),
                  "chunk 'LIST' at offset 172 declares 1000 bytes but only 4 follow it");
  v = wav;
  set32(v, kRiffSize, 2);
  expectReadError(dir.write("riff2.wav", v), "the RIFF chunk declares 2 bytes");
}

TEST(AudioHostile, AbsurdFormatFields) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav();
  struct Case {
    const char *name;
    size_t at;
    int width;
    uint32_t value;
    const char *text;
  } cases[] = {
      {"ch0", kChannels, 2, 0, "the header declares 0 channels"},
      {"ch60000", kChannels, 2, 60000, "the header declares 60000 channels (at most 256"},
      {"rate0", kRate, 4, 0, "sample rate of 0 Hz (supported: 1000 to 768000)"},
      {"rate4e9", kRate, 4, 4000000000u, "sample rate of 4000000000 Hz"},
      {"rate1", kRate, 4, 1, "sample rate of 1 Hz"},
      {"align", kBlockAlign, 2, 7, "block align 7 does not match 1 channels of 16 bits"},
      {"bits12", kBits, 2, 12, "unsupported encoding: 12-bit PCM"},
      {"bits0", kBits, 2, 0, "unsupported encoding: 0-bit PCM"},
      {"mp3", kTag, 2, 0x55, "unsupported encoding: WAV format tag 0x0055 (MPEG Layer 3)"},
      {"alaw", kTag, 2, 6, "unsupported encoding: WAV format tag 0x0006 (A-law)"},
      {"adpcm", kTag, 2, 2, "format tag 0x0002 (Microsoft ADPCM)"},
      {"tag0", kTag, 2, 0, "format tag 0x0000 (unknown)"},
      {"float16", kTag, 2, 3, "unsupported encoding: 16-bit float"},
      {"ext", kTag, 2, 0xfffe, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of 16 bytes"},
      {"fmt8", kFmtSize, 4, 8, "the 'fmt ' chunk has 8 bytes"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<uint8_t> v = wav;
    if (c.width == 2)
      set16(v, c.at, c.value);
    else
      set32(v, c.at, c.value);
    expectReadError(dir.write(std::string(c.name) + ".wav", v), c.text);
  }
  // An extensible header whose subformat is MP3, or not a standard GUID.
  WavSpec spec;
  spec.extensible = true;
  spec.tag = 0x55;
  spec.data = pcmBytes(pcmCodes(16, 8), 16);
  expectReadError(dir.write("extmp3.wav", makeWav(spec)), "format tag 0x0055");
  std::vector<uint8_t> v = makeWav(spec);
  v[20 + 24 + 5] ^= 0xff; // inside the GUID tail
  expectReadError(dir.write("extguid.wav", v), "non-standard subformat GUID");
}

TEST(AudioHostile, ChunkStructure) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav();
  std::vector<uint8_t> v = wav;
  std::memcpy(&v[kDataId], "junk", 4);
  expectReadError(dir.write("nodata.wav", v), "no 'data' chunk");
  v = wav;
  std::memcpy(&v[12], "junk", 4);
  expectReadError(dir.write("nofmt.wav", v), "no 'fmt ' chunk before the 'data' chunk");
  // 'fmt ' after 'data'.
  v = std::vector<uint8_t>(wav.begin(), wav.begin() + 12);
  v.insert(v.end(), wav.begin() + kDataId, wav.end());
  v.insert(v.end(), wav.begin() + 12, wav.begin() + kDataId);
  set32(v, kRiffSize, uint32_t(v.size() - 8));
  expectReadError(dir.write("fmtlast.wav", v), "no 'fmt ' chunk before the 'data' chunk");
  v = wav;
  std::memcpy(&v[kDataId], "junk", 4);
  std::memcpy(&v[12], "junk", 4);
  expectReadError(dir.write("none.wav", v), "no 'fmt ' chunk");
  // Two fmt chunks (the second one with 0 channels).
  v = std::vector<uint8_t>(wav.begin(), wav.begin() + kDataId);
  v.insert(v.end(), wav.begin() + 12, wav.begin() + kDataId);
  set16(v, kDataId + 10, 0);
  v.insert(v.end(), wav.begin() + kDataId, wav.end());
  set32(v, kRiffSize, uint32_t(v.size() - 8));
  expectReadError(dir.write("twofmt.wav", v), "two 'fmt ' chunks");
  v = wav;
  std::memcpy(&v[8], "AVI ", 4);
  expectReadError(dir.write("avi.wav", v), "a RIFF file of type 'AVI ', not WAVE");
}

TEST(AudioHostile, UnsupportedContainersAndGarbage) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav();
  std::vector<uint8_t> v = wav;
  std::memcpy(&v[0], "RIFX", 4);
  expectReadError(dir.write("rifx.wav", v), "unsupported container: looks like big-endian WAV");
  std::memcpy(&v[0], "RF64", 4);
  expectReadError(dir.write("rf64.wav", v), "looks like RF64 WAV");
  expectReadError(dir.write("a.mp3", {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb}),
                  "looks like MP3/MPEG audio");
  expectReadError(dir.write("b.mp3", {0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0}),
                  "looks like MP3/MPEG audio");
  expectReadError(dir.write("c.ogg", {'O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0}), "looks like Ogg");
  expectReadError(dir.write("d.aiff", {'F', 'O', 'R', 'M', 0, 0, 0, 4, 'A', 'I', 'F', 'F'}),
                  "looks like AIFF/IFF");
  std::vector<uint8_t> garbage(4096);
  std::mt19937 rng(7);
  for (uint8_t &b : garbage)
    b = uint8_t(rng());
  garbage[0] = 0x12, garbage[1] = 0x34, garbage[2] = 0x56, garbage[3] = 0x78;
  expectReadError(dir.write("garbage.wav", garbage),
                  "not a WAV or FLAC file (it starts with bytes 12 34 56 78)");
  std::string text = "hello, this is not audio\n";
  expectReadError(dir.write("text.wav", {text.begin(), text.end()}),
                  "not a WAV or FLAC file");
}

TEST(AudioHostile, NonFiniteFloatSamples) {
  TempDir dir;
  std::vector<float> f = {0.0f, 0.5f, std::numeric_limits<float>::quiet_NaN(), 0.0f};
  WavSpec spec;
  spec.tag = 3;
  spec.bits = 32;
  spec.data.resize(16);
  std::memcpy(spec.data.data(), f.data(), 16);
  expectReadError(dir.write("nan.wav", makeWav(spec)), "frame 2 holds a non-finite sample");
  f[2] = std::numeric_limits<float>::infinity();
  std::memcpy(spec.data.data(), f.data(), 16);
  expectReadError(dir.write("inf.wav", makeWav(spec)), "frame 2 holds a non-finite sample");
}

TEST(AudioHostile, BrokenFlac) {
  TempDir dir;
  std::vector<int64_t> codes = pcmCodes(16, 20000);
  std::vector<short> samples(codes.begin(), codes.end());
  std::string good = writeSndfile(dir, "good.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 16000,
                                  samples);
  std::vector<uint8_t> flac = readBytes(good);
  ASSERT_GT(flac.size(), 1000u);
  expectReadError(dir.write("half.flac", {flac.begin(), flac.begin() + flac.size() / 2}),
                  "truncated or corrupt FLAC");
  std::vector<uint8_t> v = flac;
  v[7] = 33; // STREAMINFO length
  expectReadError(dir.write("si.flac", v), "the first metadata block is not a 34-byte STREAMINFO");
  v = flac;
  // Sample rate (20 bits at STREAMINFO byte 10): 0.
  v[8 + 10] = 0, v[8 + 11] = 0, v[8 + 12] &= 0x0f;
  expectReadError(dir.write("rate0.flac", v), "sample rate of 0 Hz");
  // Absurd total sample count (36 bits, all ones).
  v = flac;
  v[8 + 13] |= 0x0f;
  for (int i = 14; i < 18; ++i)
    v[8 + size_t(i)] = 0xff;
  expectReadError(dir.write("total.flac", v), "the header declares 68719476735 frames");
  // Audio frames replaced by garbage after the metadata.
  v = flac;
  for (size_t i = flac.size() / 4; i < flac.size(); ++i)
    v[i] = uint8_t(i * 131);
  expectReadError(dir.write("garbled.flac", v), "");
}

/// Reads `bytes` from memory: success or an error, never a crash. Returns
/// whether it succeeded.
bool readsOrFails(const std::vector<uint8_t> &bytes, const char *name) {
  Signal s;
  asrc_error *e = asrc_audio_read_memory(bytes.data(), bytes.size(), name, 0, &s.t, nullptr);
  if (!e) {
    EXPECT_EQ(s.t.rank, 1);
    return true;
  }
  std::string msg = asrc_error_message(e);
  EXPECT_NE(msg.find(std::string("'") + name + "'"), std::string::npos) << msg;
  EXPECT_TRUE(asrc_error_code(e) == ASRC_IO_ERROR) << msg;
  asrc_error_free(e);
  return false;
}

TEST(AudioHostile, EveryTruncation) {
  TempDir dir;
  std::vector<uint8_t> wav = validWav();
  for (size_t n = 0; n < wav.size(); ++n)
    EXPECT_FALSE(readsOrFails({wav.begin(), wav.begin() + n}, "cut.wav")) << n << " bytes";
  EXPECT_TRUE(readsOrFails(wav, "cut.wav"));
  std::vector<int64_t> codes = pcmCodes(16, 3000);
  std::vector<short> samples(codes.begin(), codes.end());
  std::vector<uint8_t> flac = readBytes(
      writeSndfile(dir, "cut.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 8000, samples));
  for (size_t n = 0; n < flac.size(); n += (n < 200 ? 1 : 7))
    EXPECT_FALSE(readsOrFails({flac.begin(), flac.begin() + n}, "cut.flac")) << n << " bytes";
  EXPECT_TRUE(readsOrFails(flac, "cut.flac"));
}

TEST(AudioHostile, RandomCorruption) {
  TempDir dir;
  WavSpec spec;
  spec.channels = 2;
  spec.data = pcmBytes(pcmCodes(16, 256), 16);
  std::vector<uint8_t> wav = makeWav(spec);
  std::vector<int64_t> codes = pcmCodes(16, 2000);
  std::vector<short> samples(codes.begin(), codes.end());
  std::vector<uint8_t> flac = readBytes(
      writeSndfile(dir, "r.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, 8000, samples));
  std::mt19937 rng(1234);
  for (int iter = 0; iter < 3000; ++iter) {
    const std::vector<uint8_t> &base = iter % 2 ? flac : wav;
    std::vector<uint8_t> v = base;
    // Corrupt mostly the header region, where the parsers live.
    int flips = 1 + int(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      size_t limit = rng() % 3 ? std::min<size_t>(v.size(), 64) : v.size();
      size_t at = rng() % limit;
      v[at] = rng() % 2 ? uint8_t(rng()) : uint8_t(v[at] ^ (1u << (rng() % 8)));
    }
    readsOrFails(v, iter % 2 ? "r.flac" : "r.wav");
  }
}

} // namespace
