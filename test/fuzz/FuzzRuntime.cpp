//===- FuzzRuntime.cpp - fuzz a compiled model's C entry points ------------===//
//
// Loads a compiled model (a directory holding lib<name>.so and
// <name>.safetensors; $ASRC_FUZZ_MODEL, see scripts/fuzz.sh) once, then, for
// each input, calls one of its entry points through asrc_model_call, or
// asrc_decode, or asrc_ctc_decode, with tensors whose dtype, rank, shape,
// strides, contents and NULL-ness come from the fuzz bytes. Every call must
// succeed or return an error with a code and a message; outputs must be sane.
//
// The harness keeps the C API's contract that it cannot check: a tensor's
// `data` covers its shape and strides. "Hostile" shapes (negative dims, or
// sizes whose byte count overflows int64) and strides (negative, or
// offsets that overflow) come with a small buffer: the library must reject
// them before it reads.
//
// Byte format (FuzzInput reads past the end as zeros):
//   u8 target: entry point (mod entries + 2: asrc_decode, asrc_ctc_decode)
//   u8 arity: < 240: the entry's own input/output counts; else u8 inputs,
//      u8 outputs (mismatches, and NULL arrays when 0)
//   per input tensor: u8 dtype, u8 rank, u16 per dim, u8 stride mode
//      (+ u8 per dim for padded strides, u8 dim + u8 kind for hostile ones),
//      u8 NULL-data flag
//   per output tensor: u8 mode (library-allocated or caller's buffer) and,
//      for the caller's buffer, a tensor as above
//   decode options: 4 x u8; then the remaining bytes fill the data.
//
//===----------------------------------------------------------------------===//
#include "FuzzInput.h"

#include "asrc.h"

#include <dlfcn.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using asrfuzz::FuzzInput;

namespace {

[[noreturn]] void fatal(const std::string &what) {
  std::fprintf(stderr, "fuzz-runtime: %s\n", what.c_str());
  std::exit(1);
}
[[noreturn]] void finding(const std::string &what) {
  std::fprintf(stderr, "fuzz-runtime: %s\n", what.c_str());
  std::abort();
}

struct Entry {
  std::string name;
  int inputs = 0, outputs = 0;
};

/// The model library's C API, from dlsym (the runtime is linked into it).
struct Library {
  asrc_error *(*create)(const char *, const asrc_options *, asrc_model **);
  void (*destroy)(asrc_model *);
  const char *(*info)(const asrc_model *);
  asrc_error *(*call)(asrc_model *, const char *, const asrc_tensor *const *, size_t,
                      asrc_tensor *const *, size_t);
  asrc_error *(*decode)(asrc_model *, const asrc_tensor *const *, size_t,
                        const asrc_decode_options *, asrc_transcripts *);
  asrc_error *(*ctcDecode)(const asrc_tensor *, const asrc_tensor *, int32_t,
                           const asrc_decode_options *, asrc_transcripts *);
  void (*transcriptsFree)(asrc_transcripts *);
  asrc_code (*errorCode)(const asrc_error *);
  const char *(*errorMessage)(const asrc_error *);
  void (*errorFree)(asrc_error *);
  void (*tensorFree)(asrc_tensor *);
  asrc_model *model = nullptr;
  std::vector<Entry> entries;
};
Library lib;

template <typename F> void symbol(void *handle, const char *name, F &fn) {
  fn = reinterpret_cast<F>(dlsym(handle, name));
  if (!fn)
    fatal(std::string("the model library lacks ") + name);
}

/// Frees `err` after checking it is a proper error; returns true if err.
bool checkError(asrc_error *err, const char *where) {
  if (!err)
    return false;
  asrc_code code = lib.errorCode(err);
  const char *message = lib.errorMessage(err);
  if (code <= ASRC_OK || code > ASRC_INTERNAL || !message || !*message)
    finding(std::string(where) + ": an error without a valid code or message");
  if (code == ASRC_INTERNAL)
    finding(std::string(where) + ": internal error: " + message);
  lib.errorFree(err);
  return true;
}

/// "encode", "decode_step": the names listed by asrc_model_info.
std::vector<std::string> entryNames(const std::string &info) {
  std::vector<std::string> names;
  size_t at = info.find("\"entries\"");
  if (at == std::string::npos)
    return names;
  size_t open = info.find('[', at), close = info.find(']', at);
  for (size_t q = info.find('"', open); q < close; q = info.find('"', q)) {
    size_t end = info.find('"', q + 1);
    names.push_back(info.substr(q + 1, end - q - 1));
    q = end + 1;
  }
  return names;
}

void load(const std::string &dir) {
  std::string name = dir.substr(dir.find_last_of('/') + 1);
  std::string path = dir + "/lib" + name + ".so";
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    fatal("cannot load " + path + ": " + dlerror());
  symbol(handle, (name + "_create").c_str(), lib.create);
  symbol(handle, "asrc_model_destroy", lib.destroy);
  symbol(handle, "asrc_model_info", lib.info);
  symbol(handle, "asrc_model_call", lib.call);
  symbol(handle, "asrc_decode", lib.decode);
  symbol(handle, "asrc_ctc_decode", lib.ctcDecode);
  symbol(handle, "asrc_transcripts_free", lib.transcriptsFree);
  symbol(handle, "asrc_error_code", lib.errorCode);
  symbol(handle, "asrc_error_message", lib.errorMessage);
  symbol(handle, "asrc_error_free", lib.errorFree);
  symbol(handle, "asrc_tensor_free", lib.tensorFree);
  asrc_options options = {};
  options.threads = 1;
  options.device = ASRC_DEVICE_HOST;
  std::string weights = dir + "/" + name + ".safetensors";
  if (asrc_error *err = lib.create(weights.c_str(), &options, &lib.model))
    fatal("cannot create the model: " + std::string(lib.errorMessage(err)));
  for (const std::string &entry : entryNames(lib.info(lib.model))) {
    // The arity, from the runtime's own message for a call with none.
    asrc_error *err = lib.call(lib.model, entry.c_str(), nullptr, 0, nullptr, 0);
    Entry e{entry};
    const char *message = err ? lib.errorMessage(err) : "";
    const char *takes = std::strstr(message, " takes ");
    if (!takes || std::sscanf(takes, " takes %d inputs and %d outputs", &e.inputs,
                              &e.outputs) != 2)
      fatal("cannot learn the arity of '" + entry + "' from: " + message);
    lib.errorFree(err);
    lib.entries.push_back(e);
  }
  if (lib.entries.empty())
    fatal("the model lists no entry points: " + std::string(lib.info(lib.model)));
  std::fprintf(stderr, "fuzz-runtime: model %s, %zu entry points\n", name.c_str(),
               lib.entries.size());
}

size_t dtypeSize(int32_t dtype) {
  switch (dtype) {
  case ASRC_F16:
  case ASRC_BF16: return 2;
  case ASRC_I64: return 8;
  default: return 4;
  }
}

constexpr int64_t kMaxDim = 1024;
constexpr int64_t kMaxElements = int64_t(1) << 14;

/// One tensor and the buffer behind it.
struct FuzzTensor {
  asrc_tensor t = {};
  std::unique_ptr<uint8_t[]> buffer;
  size_t bytes = 0;
};

void makeTensor(FuzzInput &in, FuzzTensor &out) {
  asrc_tensor &t = out.t;
  // Out-of-range dtypes too, as a C caller may pass them: stored as the
  // int they are in C (in C++ the enum cannot hold them), never loaded.
  unsigned pick = in.below(8);
  int32_t dtype = pick <= 5 ? int32_t(pick) : -1 - int32_t(pick);
  std::memcpy(&t.dtype, &dtype, sizeof dtype);
  unsigned rank = in.below(10);
  t.rank = rank <= ASRC_MAX_RANK ? int32_t(rank) : (in.u8() & 1 ? -1 : 9);
  int r = t.rank >= 0 && t.rank <= ASRC_MAX_RANK ? t.rank : 0;
  bool hostile = false;
  int64_t elements = 1, extent = 1;
  for (int i = 0; i < r; ++i) {
    uint16_t v = in.u16();
    if ((v & 0xF000) == 0xF000) {
      static const int64_t kHostile[] = {-1, INT64_MIN, INT64_MAX, int64_t(1) << 62};
      t.shape[i] = kHostile[v & 3];
      hostile = true;
    } else {
      t.shape[i] = v % kMaxDim;
      // Keep benign tensors small, zero dims aside (strides span the
      // others): the harness must allocate them.
      while (extent * t.shape[i] > kMaxElements)
        t.shape[i] /= 2;
      extent *= t.shape[i] > 0 ? t.shape[i] : 1;
      elements *= t.shape[i];
    }
  }
  // A hostile dim must make the tensor invalid: negative, or a byte count
  // beyond int64. Otherwise it is benign but too big to allocate: 1.
  if (hostile) {
    bool negative = false, overflow = false;
    int64_t bytes = int64_t(dtypeSize(dtype));
    for (int i = 0; i < r; ++i) {
      negative |= t.shape[i] < 0;
      if (t.shape[i] > 0 && __builtin_mul_overflow(bytes, t.shape[i], &bytes))
        overflow = true;
    }
    if (!negative && !overflow) {
      for (int i = 0; i < r; ++i)
        if (t.shape[i] > kMaxDim)
          t.shape[i] = 1;
      hostile = false;
    }
  }
  // Strides: 0 all zero (dense), 1 dense spelled out, 2 padded, 3 hostile.
  unsigned mode = in.below(4);
  int64_t span = 1; // elements the buffer must hold
  if (!hostile && mode > 0) {
    // Dense strides, each scaled by 1 + pad (pad < 3): spread out or
    // overlapping views, the innermost one maybe not unit; at most 3x the
    // elements in span.
    int64_t dense = 1;
    for (int i = r - 1; i >= 0; --i) {
      t.strides[i] = dense * (1 + (mode == 2 ? in.below(3) : 0));
      dense *= t.shape[i] > 0 ? t.shape[i] : 1;
    }
    for (int i = 0; i < r; ++i)
      span += (t.shape[i] > 0 ? t.shape[i] - 1 : 0) * t.strides[i];
    if (mode == 3 && r > 0) {
      int d = in.below(r);
      // 2^62: the byte offset of the second element overflows int64.
      static const int64_t kBadStrides[] = {-1, int64_t(1) << 62, INT64_MIN};
      t.strides[d] = kBadStrides[in.below(3)];
      if (t.shape[d] <= 1) // a stride of a dim of extent 0 or 1 is never used
        t.strides[d] = 1;
      hostile |= t.shape[d] > 1;
    }
  } else if (!hostile) {
    span = elements;
  }
  if (hostile || elements == 0) // nothing may be read
    span = 1;
  out.bytes = size_t(span > 0 ? span : 1) * dtypeSize(dtype);
  out.buffer.reset(new uint8_t[out.bytes]);
  in.fill(out.buffer.get(), out.bytes);
  t.data = in.u8() == 0xFF ? nullptr : out.buffer.get();
}

asrc_decode_options decodeOptions(FuzzInput &in) {
  asrc_decode_options o = {};
  o.beam_width = int8_t(in.u8()) % 5;
  o.max_length = int8_t(in.u8()) % 9;
  o.length_penalty = float(int8_t(in.u8())) / 32.0f;
  o.nbest = int8_t(in.u8()) % 6;
  return o;
}

void checkOutput(const asrc_tensor &t, const std::string &where) {
  if (t.rank < 0 || t.rank > ASRC_MAX_RANK)
    finding(where + ": output rank out of range");
  for (int i = 0; i < t.rank; ++i)
    if (t.shape[i] < 0)
      finding(where + ": negative output dim");
}

void fuzzEntry(FuzzInput &in, const Entry &entry) {
  int nin = entry.inputs, nout = entry.outputs;
  bool nullArrays = false;
  if (in.u8() >= 240) {
    nin = in.below(12);
    nout = in.below(8);
    nullArrays = in.u8() & 1;
  }
  std::vector<FuzzTensor> inputs(nin), outputs(nout);
  std::vector<const asrc_tensor *> inPtrs;
  std::vector<asrc_tensor *> outPtrs;
  for (FuzzTensor &t : inputs) {
    makeTensor(in, t);
    inPtrs.push_back(in.u8() == 0xFE ? nullptr : &t.t);
  }
  for (FuzzTensor &t : outputs) {
    if (in.below(4) == 0)
      makeTensor(in, t); // the caller's buffer, whose shape must match
    outPtrs.push_back(&t.t);
  }
  asrc_error *err =
      lib.call(lib.model, entry.name.c_str(), nullArrays ? nullptr : inPtrs.data(), nin,
               nullArrays ? nullptr : outPtrs.data(), nout);
  if (checkError(err, entry.name.c_str())) {
    for (FuzzTensor &t : outputs)
      if (t.t.data && t.t.data != t.buffer.get())
        finding(entry.name + ": a failed call left an output allocated");
    return;
  }
  for (FuzzTensor &t : outputs) {
    checkOutput(t.t, entry.name);
    if (t.t.data != t.buffer.get())
      lib.tensorFree(&t.t);
  }
}

void fuzzDecode(FuzzInput &in) {
  int nin = in.below(4);
  std::vector<FuzzTensor> inputs(nin);
  std::vector<const asrc_tensor *> ptrs;
  for (FuzzTensor &t : inputs) {
    makeTensor(in, t);
    ptrs.push_back(&t.t);
  }
  asrc_decode_options options = decodeOptions(in);
  asrc_transcripts out = {};
  if (checkError(lib.decode(lib.model, ptrs.data(), nin, in.u8() & 1 ? &options : nullptr, &out),
                 "asrc_decode"))
    return;
  if (out.batch < 0 || out.nbest < 1 || (out.batch > 0 && !out.hyps))
    finding("asrc_decode: bad transcripts");
  lib.transcriptsFree(&out);
}

void fuzzCtcDecode(FuzzInput &in) {
  FuzzTensor logProbs, lengths;
  makeTensor(in, logProbs);
  bool withLengths = in.u8() & 1;
  if (withLengths)
    makeTensor(in, lengths);
  int32_t blank = int8_t(in.u8());
  asrc_decode_options options = decodeOptions(in);
  asrc_transcripts out = {};
  if (checkError(lib.ctcDecode(&logProbs.t, withLengths ? &lengths.t : nullptr, blank, &options,
                               &out),
                 "asrc_ctc_decode"))
    return;
  lib.transcriptsFree(&out);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *dir = std::getenv("ASRC_FUZZ_MODEL");
  if (!dir || !*dir)
    fatal("set ASRC_FUZZ_MODEL to a compiled model directory (lib<name>.so and "
          "<name>.safetensors); scripts/fuzz.sh does");
  std::string d(dir);
  while (d.size() > 1 && d.back() == '/')
    d.pop_back();
  load(d);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzInput in(data, size);
  unsigned target = in.below(unsigned(lib.entries.size()) + 2);
  if (target < lib.entries.size())
    fuzzEntry(in, lib.entries[target]);
  else if (target == lib.entries.size())
    fuzzDecode(in);
  else
    fuzzCtcDecode(in);
  return 0;
}
