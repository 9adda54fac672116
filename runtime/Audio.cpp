//===- Audio.cpp - WAV/FLAC input (libsndfile) and resampling (libsoxr) ---===//
//
// asrc_audio_read / asrc_audio_read_memory / asrc_audio_resample (asrc.h).
//
// A file is read through a byte source (a file descriptor read with pread,
// or the caller's buffer) that libsndfile reaches through its virtual I/O,
// so both entry points share one path. Before libsndfile parses anything,
// the container is identified by its magic bytes (only the WAV and FLAC
// parsers of libsndfile are ever reached) and a WAV's chunk structure is
// walked here: every chunk must fit inside the RIFF chunk and the file, the
// format must be one we decode (PCM 8/16/24/32, float 32/64, possibly as
// WAVE_FORMAT_EXTENSIBLE) with sane channels, rate and block alignment.
// libsndfile clamps or ignores many of these problems silently; a truncated
// or corrupt file should be an error, not a shorter signal. What libsndfile
// then reports (SF_INFO) is checked again, and the decoded frame count must
// match what the header declared.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <sndfile.h>
#include <soxr.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace asrc_rt;

namespace {

// Output length limit (samples, after mixdown and resampling).
constexpr int64_t kMaxSamples = (int64_t(1) << 31) - 1;

//===----------------------------------------------------------------------===//
// Byte sources
//===----------------------------------------------------------------------===//

/// Random-access bytes: a regular file (pread) or a caller's buffer.
struct Source {
  int fd = -1;
  const unsigned char *mem = nullptr;
  int64_t size = 0;
  // libsndfile's read position (virtual I/O).
  int64_t pos = 0;
  // Set when pread failed (not at end of file).
  int readErrno = 0;

  /// Up to `n` bytes at `offset`; the count read (short at end of file).
  int64_t readAt(int64_t offset, void *dst, int64_t n) {
    if (offset < 0 || n <= 0 || offset >= size)
      return 0;
    n = std::min(n, size - offset);
    if (mem) {
      std::memcpy(dst, mem + offset, size_t(n));
      return n;
    }
    int64_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd, static_cast<char *>(dst) + done, size_t(n - done),
                          off_t(offset + done));
      if (r < 0) {
        if (errno == EINTR)
          continue;
        readErrno = errno;
        break;
      }
      if (r == 0)
        break;
      done += r;
    }
    return done;
  }
};

sf_count_t vioLength(void *user) { return static_cast<Source *>(user)->size; }

sf_count_t vioSeek(sf_count_t offset, int whence, void *user) {
  auto *s = static_cast<Source *>(user);
  int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? s->pos : s->size;
  int64_t to;
  if (__builtin_add_overflow(base, int64_t(offset), &to) || to < 0)
    return -1;
  s->pos = to;
  return to;
}

sf_count_t vioRead(void *dst, sf_count_t count, void *user) {
  auto *s = static_cast<Source *>(user);
  int64_t n = s->readAt(s->pos, dst, count);
  s->pos += n;
  return n;
}

sf_count_t vioWrite(const void *, sf_count_t, void *) { return 0; }

sf_count_t vioTell(void *user) { return static_cast<Source *>(user)->pos; }

//===----------------------------------------------------------------------===//
// Header checks
//===----------------------------------------------------------------------===//

uint16_t le16(const unsigned char *p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t le32(const unsigned char *p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) |
         (uint32_t(p[3]) << 24);
}

/// A chunk id for messages: "'fmt '" or its bytes in hex when not printable.
std::string chunkName(const unsigned char *id) {
  bool printable = true;
  for (int i = 0; i < 4; ++i)
    printable &= id[i] >= 0x20 && id[i] < 0x7f;
  char buf[32];
  if (printable)
    std::snprintf(buf, sizeof buf, "'%c%c%c%c'", id[0], id[1], id[2], id[3]);
  else
    std::snprintf(buf, sizeof buf, "%02x %02x %02x %02x", id[0], id[1], id[2],
                  id[3]);
  return buf;
}

const char *wavFormatName(unsigned tag) {
  switch (tag) {
  case 0x0000: return " (unknown)";
  case 0x0001: return " (PCM)";
  case 0x0002: return " (Microsoft ADPCM)";
  case 0x0003: return " (IEEE float)";
  case 0x0006: return " (A-law)";
  case 0x0007: return " (mu-law)";
  case 0x0011: return " (IMA ADPCM)";
  case 0x0031: return " (GSM 6.10)";
  case 0x0050: return " (MPEG)";
  case 0x0055: return " (MPEG Layer 3)";
  case 0x00ff: return " (AAC)";
  case 0xfffe: return " (extensible)";
  default: return "";
  }
}

/// What the header declares, for the checks after libsndfile opened it.
struct Declared {
  bool wav = false;
  int channels = 0;
  int rate = 0;
  unsigned formatTag = 0; // WAV: PCM 1 or float 3 (extensible resolved)
  unsigned bits = 0;
  int64_t frames = -1; // -1: unknown (FLAC without a total)
};

bool rateOk(int64_t rate) {
  return rate >= ASRC_AUDIO_MIN_RATE && rate <= ASRC_AUDIO_MAX_RATE;
}

asrc_error *ioError(const std::string &name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
asrc_error *ioError(const std::string &name, const char *fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return asrc_rt_error(ASRC_IO_ERROR, "audio '%s': %s", name.c_str(), buf);
}

/// The 'fmt ' chunk's body (`size` bytes at `p`).
asrc_error *checkWavFormat(const std::string &name, const unsigned char *p,
                           uint32_t size, Declared &d) {
  if (size < 16)
    return ioError(name, "malformed WAV: the 'fmt ' chunk has %u bytes (at "
                         "least 16 expected)", size);
  unsigned tag = le16(p);
  unsigned channels = le16(p + 2);
  uint32_t rate = le32(p + 4);
  unsigned blockAlign = le16(p + 12);
  unsigned bits = le16(p + 14);
  if (tag == 0xfffe) {
    // WAVE_FORMAT_EXTENSIBLE: cbSize (22), valid bits, channel mask, then
    // the subformat GUID: the real tag, then 00 00 00 00 10 00 80 00 00 AA
    // 00 38 9B 71.
    static const unsigned char kGuidTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10,
                                                0x00, 0x80, 0x00, 0x00, 0xaa,
                                                0x00, 0x38, 0x9b, 0x71};
    if (size < 40 || le16(p + 16) < 22)
      return ioError(name, "malformed WAV: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk "
                           "of %u bytes (at least 40 with cbSize >= 22 "
                           "expected)", size);
    if (std::memcmp(p + 26, kGuidTail, sizeof kGuidTail) != 0)
      return ioError(name, "unsupported encoding: WAVE_FORMAT_EXTENSIBLE with "
                           "a non-standard subformat GUID (supported: PCM "
                           "8/16/24/32-bit, IEEE float 32/64-bit)");
    tag = le16(p + 24);
    unsigned valid = le16(p + 18);
    if (valid > bits)
      return ioError(name, "malformed WAV: %u valid bits in %u-bit samples",
                     valid, bits);
  }
  if (tag != 1 && tag != 3)
    return ioError(name, "unsupported encoding: WAV format tag 0x%04x%s "
                         "(supported: PCM 8/16/24/32-bit, IEEE float "
                         "32/64-bit)", tag, wavFormatName(tag));
  if (tag == 1 && bits != 8 && bits != 16 && bits != 24 && bits != 32)
    return ioError(name, "unsupported encoding: %u-bit PCM (supported: 8, 16, "
                         "24, 32)", bits);
  if (tag == 3 && bits != 32 && bits != 64)
    return ioError(name, "unsupported encoding: %u-bit float (supported: 32, "
                         "64)", bits);
  if (channels == 0)
    return ioError(name, "malformed WAV: the header declares 0 channels");
  if (channels > ASRC_AUDIO_MAX_CHANNELS)
    return ioError(name, "the header declares %u channels (at most %d "
                         "supported)", channels, ASRC_AUDIO_MAX_CHANNELS);
  if (!rateOk(rate))
    return ioError(name, "the header declares a sample rate of %u Hz (supported: "
                         "%d to %d)", rate, ASRC_AUDIO_MIN_RATE,
                   ASRC_AUDIO_MAX_RATE);
  if (blockAlign != channels * (bits / 8))
    return ioError(name, "malformed WAV: block align %u does not match %u "
                         "channels of %u bits", blockAlign, channels, bits);
  d.channels = int(channels);
  d.rate = int(rate);
  d.formatTag = tag;
  d.bits = bits;
  return nullptr;
}

/// Walks a RIFF/WAVE file's chunks (the first 12 bytes are "RIFF....WAVE").
asrc_error *checkWav(const std::string &name, Source &src, Declared &d) {
  unsigned char head[12];
  if (src.readAt(0, head, 12) != 12)
    return ioError(name, "truncated WAV header (%lld bytes)",
                   (long long)src.size);
  uint32_t riffSize = le32(head + 4);
  int64_t end;
  if (riffSize == 0xffffffffu) {
    end = src.size; // streamed: unknown size
  } else {
    if (riffSize < 4)
      return ioError(name, "malformed WAV: the RIFF chunk declares %u bytes",
                     riffSize);
    if (int64_t(riffSize) + 8 > src.size)
      return ioError(name, "truncated or corrupt WAV: the RIFF chunk declares "
                           "%u bytes but the file has %lld bytes after its "
                           "8-byte header", riffSize,
                     (long long)(src.size - 8));
    end = int64_t(riffSize) + 8;
  }
  bool haveFmt = false, haveData = false;
  int64_t dataSize = 0;
  int64_t pos = 12;
  while (pos + 8 <= end) {
    unsigned char ch[8];
    if (src.readAt(pos, ch, 8) != 8)
      return ioError(name, "read error at offset %lld: %s", (long long)pos,
                     std::strerror(src.readErrno ? src.readErrno : EIO));
    uint32_t size = le32(ch + 4);
    bool isData = std::memcmp(ch, "data", 4) == 0;
    int64_t avail = end - (pos + 8);
    int64_t body = size;
    if (isData && size == 0xffffffffu) {
      body = src.size - (pos + 8); // streamed: up to the end of the file
    } else if (body > avail) {
      return ioError(name, "truncated or corrupt WAV: chunk %s at offset %lld "
                           "declares %u bytes but only %lld follow it",
                     chunkName(ch).c_str(), (long long)pos, size,
                     (long long)avail);
    }
    if (std::memcmp(ch, "fmt ", 4) == 0) {
      if (haveFmt)
        return ioError(name, "malformed WAV: two 'fmt ' chunks");
      unsigned char fmt[40] = {0};
      int64_t want = std::min<int64_t>(body, 40);
      if (src.readAt(pos + 8, fmt, want) != want)
        return ioError(name, "read error at offset %lld: %s",
                       (long long)(pos + 8),
                       std::strerror(src.readErrno ? src.readErrno : EIO));
      if (asrc_error *e = checkWavFormat(name, fmt, uint32_t(body), d))
        return e;
      haveFmt = true;
    } else if (isData) {
      if (haveData)
        return ioError(name, "malformed WAV: two 'data' chunks");
      if (!haveFmt)
        return ioError(name, "malformed WAV: no 'fmt ' chunk before the "
                             "'data' chunk");
      haveData = true;
      dataSize = body;
    }
    // Chunks are padded to even sizes; a missing final pad byte is fine.
    pos += 8 + body + (body & 1);
  }
  if (!haveFmt)
    return ioError(name, "malformed WAV: no 'fmt ' chunk");
  if (!haveData)
    return ioError(name, "malformed WAV: no 'data' chunk");
  d.wav = true;
  d.frames = dataSize / (d.channels * int64_t(d.bits / 8));
  return nullptr;
}

/// Checks a FLAC stream's STREAMINFO (the first 4 bytes are "fLaC").
asrc_error *checkFlac(const std::string &name, Source &src, Declared &d) {
  unsigned char h[42];
  if (src.readAt(0, h, 42) != 42)
    return ioError(name, "truncated FLAC header (%lld bytes)",
                   (long long)src.size);
  unsigned blockLength = (unsigned(h[5]) << 16) | (unsigned(h[6]) << 8) | h[7];
  if ((h[4] & 0x7f) != 0 || blockLength != 34)
    return ioError(name, "malformed FLAC: the first metadata block is not a "
                         "34-byte STREAMINFO");
  const unsigned char *si = h + 8;
  uint32_t rate = (uint32_t(si[10]) << 12) | (uint32_t(si[11]) << 4) |
                  (si[12] >> 4);
  int channels = ((si[12] >> 1) & 7) + 1;
  unsigned bits = (((si[12] & 1) << 4) | (si[13] >> 4)) + 1;
  int64_t total = (int64_t(si[13] & 0x0f) << 32) | (int64_t(si[14]) << 24) |
                  (int64_t(si[15]) << 16) | (int64_t(si[16]) << 8) | si[17];
  if (!rateOk(rate))
    return ioError(name, "the header declares a sample rate of %u Hz "
                         "(supported: %d to %d)", rate, ASRC_AUDIO_MIN_RATE,
                   ASRC_AUDIO_MAX_RATE);
  if (bits < 4)
    return ioError(name, "malformed FLAC: %u bits per sample", bits);
  if (total > kMaxSamples)
    return ioError(name, "the header declares %lld frames (at most %lld "
                         "supported)", (long long)total,
                   (long long)kMaxSamples);
  d.channels = channels;
  d.rate = int(rate);
  d.bits = bits;
  d.frames = total ? total : -1;
  return nullptr;
}

/// Identifies the container by its first bytes and checks its header.
asrc_error *checkHeader(const std::string &name, Source &src, Declared &d) {
  unsigned char m[12] = {0};
  int64_t n = src.readAt(0, m, 12);
  if (n < 4)
    return ioError(name, "truncated header (%lld bytes): not a WAV or FLAC "
                         "file", (long long)src.size);
  if (std::memcmp(m, "RIFF", 4) == 0) {
    if (n < 12)
      return ioError(name, "truncated WAV header (%lld bytes)",
                     (long long)src.size);
    if (std::memcmp(m + 8, "WAVE", 4) != 0)
      return ioError(name, "unsupported container: a RIFF file of type %s, "
                           "not WAVE", chunkName(m + 8).c_str());
    return checkWav(name, src, d);
  }
  if (std::memcmp(m, "fLaC", 4) == 0)
    return checkFlac(name, src, d);
  const char *what = nullptr;
  if (std::memcmp(m, "RIFX", 4) == 0)
    what = "big-endian WAV (RIFX)";
  else if (std::memcmp(m, "RF64", 4) == 0 || std::memcmp(m, "BW64", 4) == 0)
    what = "RF64 WAV";
  else if (std::memcmp(m, "OggS", 4) == 0)
    what = "Ogg";
  else if (std::memcmp(m, "ID3", 3) == 0 || (m[0] == 0xff && (m[1] & 0xe0) == 0xe0))
    what = "MP3/MPEG audio";
  else if (std::memcmp(m, "FORM", 4) == 0)
    what = "AIFF/IFF";
  else if (std::memcmp(m, ".snd", 4) == 0)
    what = "Sun/NeXT AU";
  if (what)
    return ioError(name, "unsupported container: looks like %s (supported: "
                         "WAV, FLAC)", what);
  return ioError(name, "not a WAV or FLAC file (it starts with bytes %02x %02x "
                       "%02x %02x)", m[0], m[1], m[2], m[3]);
}

//===----------------------------------------------------------------------===//
// Decoding
//===----------------------------------------------------------------------===//

// sf_open_virtual's failures are reported through a process-wide error
// (sf_strerror(NULL)): opening is serialized so each caller reads its own.
std::mutex openMutex;

/// libsndfile's "Error : flac decoder lost sync." as "flac decoder lost sync".
std::string sfMessage(const char *m) {
  std::string s = m ? m : "unknown error";
  if (s.compare(0, 8, "Error : ") == 0)
    s.erase(0, 8);
  while (!s.empty() && (s.back() == '.' || s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

struct SndFile {
  SNDFILE *f = nullptr;
  ~SndFile() {
    if (f)
      sf_close(f);
  }
};

/// A rank-1 f32 tensor holding `n` samples copied from `data`.
asrc_error *makeTensor(const float *data, int64_t n, asrc_tensor *out) {
  asrc_tensor t;
  int64_t shape[1] = {n};
  if (asrc_error *e = asrc_tensor_alloc(ASRC_F32, 1, shape, &t))
    return e;
  if (n)
    std::memcpy(t.data, data, size_t(n) * sizeof(float));
  *out = t;
  return nullptr;
}

asrc_error *resampleTo(const float *in, int64_t n, int32_t from, int32_t to,
                       asrc_tensor *out, const char *where);

/// Checks, decodes and mixes down `src`; resamples when `rate` != 0.
asrc_error *readAudio(const std::string &name, Source &src, int32_t rate,
                      asrc_tensor *out, int32_t *outRate) {
  if (src.size == 0)
    return ioError(name, "the file is empty");
  Declared d;
  if (asrc_error *e = checkHeader(name, src, d))
    return e;

  SF_VIRTUAL_IO vio = {vioLength, vioSeek, vioRead, vioWrite, vioTell};
  SF_INFO info;
  std::memset(&info, 0, sizeof info);
  SndFile sf;
  src.pos = 0;
  {
    std::lock_guard<std::mutex> lock(openMutex);
    sf.f = sf_open_virtual(&vio, SFM_READ, &info, &src);
    if (!sf.f) {
      if (src.readErrno)
        return ioError(name, "read error: %s", std::strerror(src.readErrno));
      return ioError(name, "malformed %s: cannot decode (libsndfile: %s)",
                     d.wav ? "WAV" : "FLAC", sfMessage(sf_strerror(nullptr)).c_str());
    }
  }

  // What libsndfile found must be what we checked.
  int major = info.format & SF_FORMAT_TYPEMASK;
  int sub = info.format & SF_FORMAT_SUBMASK;
  bool majorOk = d.wav ? (major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX)
                       : major == SF_FORMAT_FLAC;
  if (!majorOk)
    return ioError(name, "unsupported container (libsndfile format 0x%x)",
                   unsigned(info.format));
  bool subOk = false;
  switch (sub) {
  case SF_FORMAT_PCM_S8:
  case SF_FORMAT_PCM_U8:
  case SF_FORMAT_PCM_16:
  case SF_FORMAT_PCM_24:
  case SF_FORMAT_PCM_32:
    subOk = true;
    break;
  case SF_FORMAT_FLOAT:
  case SF_FORMAT_DOUBLE:
    subOk = d.wav;
    break;
  default:
    break;
  }
  if (!subOk)
    return ioError(name, "unsupported encoding (libsndfile subtype 0x%x)",
                   unsigned(sub));
  if (info.channels != d.channels || info.samplerate != d.rate)
    return ioError(name, "inconsistent header: %d channels at %d Hz declared, "
                         "%d channels at %d Hz decoded", d.channels, d.rate,
                   info.channels, info.samplerate);
  if (d.frames > kMaxSamples)
    return ioError(name, "%lld frames (at most %lld supported)",
                   (long long)d.frames, (long long)kMaxSamples);
  bool isFloat = sub == SF_FORMAT_FLOAT || sub == SF_FORMAT_DOUBLE;

  // Decode in blocks, mixing down as we go. Only a WAV's frame count is
  // bounded by the file size: a FLAC stream's declared length is not
  // trusted for the allocation.
  const int channels = info.channels;
  const sf_count_t block = std::max<sf_count_t>(1, 16384 / channels);
  std::vector<float> buf(size_t(block) * size_t(channels));
  std::vector<float> mono;
  if (d.wav && d.frames > 0)
    mono.reserve(size_t(d.frames));
  for (;;) {
    sf_count_t got = sf_readf_float(sf.f, buf.data(), block);
    if (got <= 0)
      break;
    if (int64_t(mono.size()) + got > kMaxSamples)
      return ioError(name, "more than %lld frames (at most %lld supported)",
                     (long long)kMaxSamples, (long long)kMaxSamples);
    size_t base = mono.size();
    mono.resize(base + size_t(got));
    for (sf_count_t i = 0; i < got; ++i) {
      const float *frame = buf.data() + size_t(i) * size_t(channels);
      float v;
      if (channels == 1) {
        v = frame[0];
      } else {
        double s = 0;
        for (int c = 0; c < channels; ++c)
          s += frame[c];
        v = float(s / channels);
      }
      if (isFloat && !std::isfinite(v))
        return ioError(name, "frame %lld holds a non-finite sample",
                       (long long)(base + size_t(i)));
      mono[base + size_t(i)] = v;
    }
    if (got < block)
      break;
  }
  if (src.readErrno)
    return ioError(name, "read error: %s", std::strerror(src.readErrno));
  if (int err = sf_error(sf.f)) {
    return ioError(name, "truncated or corrupt %s: decoding failed after %lld "
                         "frames (libsndfile: %s)", d.wav ? "WAV" : "FLAC",
                   (long long)mono.size(), sfMessage(sf_error_number(err)).c_str());
  }
  if (d.frames >= 0 && int64_t(mono.size()) != d.frames)
    return ioError(name, "truncated or corrupt %s: the header declares %lld "
                         "frames but %lld were decoded", d.wav ? "WAV" : "FLAC",
                   (long long)d.frames, (long long)mono.size());

  int32_t fileRate = info.samplerate;
  if (rate == 0 || rate == fileRate) {
    if (asrc_error *e = makeTensor(mono.data(), int64_t(mono.size()), out))
      return e;
    if (outRate)
      *outRate = fileRate;
    return nullptr;
  }
  std::string where = "audio '" + name + "'";
  if (asrc_error *e = resampleTo(mono.data(), int64_t(mono.size()), fileRate,
                                 rate, out, where.c_str()))
    return e;
  if (outRate)
    *outRate = rate;
  return nullptr;
}

asrc_error *resampleTo(const float *in, int64_t n, int32_t from, int32_t to,
                       asrc_tensor *out, const char *where) {
  if (n == 0 || from == to)
    return makeTensor(in, n, out);
  // ceil(n * to / from), exact in 128 bits.
  __int128 num = __int128(n) * to;
  __int128 outLen128 = (num + from - 1) / from;
  if (outLen128 > kMaxSamples)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: resampling %lld samples from %d to %d Hz gives "
                         "more than %lld samples", where, (long long)n,
                         int(from), int(to), (long long)kMaxSamples);
  int64_t outLen = int64_t(outLen128);
  asrc_tensor t;
  int64_t shape[1] = {outLen};
  if (asrc_error *e = asrc_tensor_alloc(ASRC_F32, 1, shape, &t))
    return e;
  soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
  size_t done = 0;
  soxr_error_t err =
      soxr_oneshot(double(from), double(to), 1, in, size_t(n), nullptr, t.data,
                   size_t(outLen), &done, nullptr, &quality, &runtime);
  if (err) {
    asrc_tensor_free(&t);
    return asrc_rt_error(ASRC_INTERNAL, "%s: resampling from %d to %d Hz "
                                        "failed: %s", where, int(from), int(to),
                         err);
  }
  // soxr may stop a sample short of the rounded-up length: pad with zeros.
  float *o = static_cast<float *>(t.data);
  for (size_t i = done; i < size_t(outLen); ++i)
    o[i] = 0.0f;
  *out = t;
  return nullptr;
}

std::string nameOf(const char *name) { return name ? name : "<memory>"; }

} // namespace

extern "C" {

ASRC_EXPORT asrc_error *asrc_audio_read(const char *path, int32_t sample_rate,
                                        asrc_tensor *out, int32_t *out_rate) {
  return guarded([&]() -> asrc_error * {
    if (!path)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read: the path is NULL");
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read: the output tensor is NULL");
    if (sample_rate != 0 && !rateOk(sample_rate))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read: sample rate %d Hz is outside "
                           "%d..%d (0 keeps the file's)",
                           int(sample_rate), ASRC_AUDIO_MIN_RATE,
                           ASRC_AUDIO_MAX_RATE);
    std::string name = path;
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return ioError(name, "cannot open: %s", std::strerror(errno));
    struct FdCloser {
      int fd;
      ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st;
    if (::fstat(fd, &st) != 0)
      return ioError(name, "cannot stat: %s", std::strerror(errno));
    if (S_ISDIR(st.st_mode))
      return ioError(name, "is a directory, not an audio file");
    if (!S_ISREG(st.st_mode))
      return ioError(name, "not a regular file");
    Source src;
    src.fd = fd;
    src.size = int64_t(st.st_size);
    return readAudio(name, src, sample_rate, out, out_rate);
  });
}

ASRC_EXPORT asrc_error *asrc_audio_read_memory(const void *data, size_t size,
                                               const char *name,
                                               int32_t sample_rate,
                                               asrc_tensor *out,
                                               int32_t *out_rate) {
  return guarded([&]() -> asrc_error * {
    if (!data && size)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read_memory: the data is NULL");
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read_memory: the output tensor is NULL");
    if (sample_rate != 0 && !rateOk(sample_rate))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read_memory: sample rate %d Hz is "
                           "outside %d..%d (0 keeps the file's)",
                           int(sample_rate), ASRC_AUDIO_MIN_RATE,
                           ASRC_AUDIO_MAX_RATE);
    if (uint64_t(size) > uint64_t(INT64_MAX))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_read_memory: size %zu is too large",
                           size);
    Source src;
    src.mem = static_cast<const unsigned char *>(data);
    src.size = int64_t(size);
    return readAudio(nameOf(name), src, sample_rate, out, out_rate);
  });
}

ASRC_EXPORT asrc_error *asrc_audio_resample(const float *in, int64_t n,
                                            int32_t from_rate, int32_t to_rate,
                                            asrc_tensor *out) {
  return guarded([&]() -> asrc_error * {
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_resample: the output tensor is NULL");
    if (n < 0)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_resample: negative sample count %lld",
                           (long long)n);
    if (!in && n)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_resample: the input is NULL");
    for (int32_t r : {from_rate, to_rate})
      if (!rateOk(r))
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "asrc_audio_resample: sample rate %d Hz is "
                             "outside %d..%d",
                             int(r), ASRC_AUDIO_MIN_RATE, ASRC_AUDIO_MAX_RATE);
    if (n > kMaxSamples)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_audio_resample: %lld samples (at most %lld)",
                           (long long)n, (long long)kMaxSamples);
    return resampleTo(in, n, from_rate, to_rate, out, "asrc_audio_resample");
  });
}

} // extern "C"
