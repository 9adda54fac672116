//===- model_stress.cpp - one model, many threads, many calls -------------===//
//
// Loads a compiled model directory (lib<name>.so, <name>.h,
// <name>.safetensors) with dlopen, creates ONE model and, for one entry
// point:
//   1. computes reference outputs for K distinct deterministic inputs, one
//      call at a time;
//   2. runs --threads threads x --calls calls on that one model, each call on
//      one of the K inputs, and checks every output is bit-identical
//      (memcmp) to its reference;
//   3. runs --leak-calls sequential calls and compares the resident set size
//      (/proc/self/statm) after the first 50 with the size after all of them:
//      it may grow by at most --rss-bound-mib.
// Exit status 0 when everything matched, 1 on any mismatch, error or growth
// past the bound, 2 on bad usage. No fork, no signals: it runs as is under
// ThreadSanitizer (model library and program built with -fsanitize=thread).
//
// The entry's inputs are read from the comment <name>.h gives each entry
// point ("in  samples: ASRC_F32 [B, N]"); symbolic dims take --dim values.
//
//===----------------------------------------------------------------------===//

#include "asrc.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <dlfcn.h>
#include <unistd.h>

namespace {

const char kUsage[] =
    "usage: asrc-model-stress MODEL_DIR [options]\n"
    "\n"
    "Loads MODEL_DIR/lib<name>.so (<name>: the directory's name, or --name),\n"
    "creates one model from MODEL_DIR/<name>.safetensors and stresses one entry\n"
    "point: K sequential reference calls, then THREADS threads x CALLS calls on\n"
    "the same model whose outputs must be bit-identical to the references, then\n"
    "LEAK_CALLS sequential calls whose resident memory may grow by at most\n"
    "RSS_BOUND MiB between call 50 and the last call.\n"
    "\n"
    "options:\n"
    "  --name NAME          model name (default: the directory's name)\n"
    "  --entry ENTRY        entry point (default: the first in <name>.h)\n"
    "  --threads N          caller threads (default 8)\n"
    "  --calls N            calls per thread (default 100)\n"
    "  --inputs K           distinct inputs (default 4)\n"
    "  --leak-calls N       sequential calls of the memory check (default 1000;\n"
    "                       0 skips it; at least 51 otherwise)\n"
    "  --rss-bound-mib M    allowed resident growth in MiB (default 16)\n"
    "  --dim SYM=VALUE      size of a symbolic dim (repeatable; defaults: B=2,\n"
    "                       N=16000, any other symbol 16)\n"
    "  --model-threads N    asrc_options.threads (default 0: all cores)\n"
    "  -h, --help           this text\n"
    "\n"
    "Float inputs are deterministic pseudo-random values in [-0.5, 0.5);\n"
    "integer inputs (token ids, positions, lengths) are 0.\n"
    "Exit status: 0 all good, 1 a failure (printed), 2 bad usage.\n";

struct Port {
  std::string name;
  asrc_dtype dtype = ASRC_F32;
  std::vector<std::string> dims; // "B", "80", "?"
};

struct Entry {
  std::string name;
  std::vector<Port> inputs, outputs;
};

/// The runtime functions of the library (its own copy of the runtime).
struct Api {
  asrc_error *(*create)(const char *, const asrc_options *, asrc_model **) = nullptr;
  void (*destroy)(asrc_model *) = nullptr;
  asrc_error *(*call)(asrc_model *, const char *, const asrc_tensor *const *, size_t,
                      asrc_tensor *const *, size_t) = nullptr;
  void (*tensorFree)(asrc_tensor *) = nullptr;
  const char *(*errorMessage)(const asrc_error *) = nullptr;
  asrc_code (*errorCode)(const asrc_error *) = nullptr;
  void (*errorFree)(asrc_error *) = nullptr;
};

bool parseDType(const std::string &s, asrc_dtype &out) {
  static const std::map<std::string, asrc_dtype> m = {{"ASRC_F32", ASRC_F32},
                                                      {"ASRC_F16", ASRC_F16},
                                                      {"ASRC_BF16", ASRC_BF16},
                                                      {"ASRC_I32", ASRC_I32},
                                                      {"ASRC_I64", ASRC_I64}};
  auto it = m.find(s);
  if (it == m.end())
    return false;
  out = it->second;
  return true;
}

size_t dtypeSize(asrc_dtype t) {
  switch (t) {
  case ASRC_F32:
  case ASRC_I32:
    return 4;
  case ASRC_F16:
  case ASRC_BF16:
    return 2;
  case ASRC_I64:
    return 8;
  }
  return 0;
}

std::string trim(const std::string &s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// The entry points documented in the generated header:
///   /* encode:
///    *   in  samples: ASRC_F32 [B, N]
///    *   out encoded: ASRC_F32 [?, ?, 128]
bool parseHeader(const std::string &path, std::vector<Entry> &entries, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read the model header '" + path + "'";
    return false;
  }
  std::string line;
  Entry *cur = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("/* ", 0) == 0 && line.size() > 4 && line.back() == ':' &&
        line.find(' ', 3) == std::string::npos) {
      entries.push_back(Entry{line.substr(3, line.size() - 4), {}, {}});
      cur = &entries.back();
      continue;
    }
    if (!cur)
      continue;
    bool isIn = line.rfind(" *   in  ", 0) == 0, isOut = line.rfind(" *   out ", 0) == 0;
    if (!isIn && !isOut) {
      if (line.rfind(" *", 0) != 0)
        cur = nullptr;
      continue;
    }
    std::string rest = line.substr(9);
    size_t colon = rest.find(':'), open = rest.find('['), close = rest.find(']');
    if (colon == std::string::npos || open == std::string::npos || close == std::string::npos) {
      error = "cannot parse the line '" + line + "' of " + path;
      return false;
    }
    Port p;
    p.name = trim(rest.substr(0, colon));
    if (!parseDType(trim(rest.substr(colon + 1, open - colon - 1)), p.dtype)) {
      error = "unknown dtype in the line '" + line + "' of " + path;
      return false;
    }
    std::stringstream dims(rest.substr(open + 1, close - open - 1));
    std::string d;
    while (std::getline(dims, d, ','))
      if (!trim(d).empty())
        p.dims.push_back(trim(d));
    (isIn ? cur->inputs : cur->outputs).push_back(p);
  }
  if (entries.empty()) {
    error = "no entry point documented in " + path;
    return false;
  }
  return true;
}

/// Resident set size in bytes (/proc/self/statm, second field).
int64_t residentBytes() {
  std::ifstream in("/proc/self/statm");
  int64_t size = 0, resident = 0;
  if (!(in >> size >> resident))
    return -1;
  return resident * int64_t(sysconf(_SC_PAGESIZE));
}

double mib(int64_t bytes) { return double(bytes) / (1024.0 * 1024.0); }

/// One input set: the tensors and the storage they view.
struct Inputs {
  std::vector<std::vector<unsigned char>> storage;
  std::vector<asrc_tensor> tensors;
  std::vector<const asrc_tensor *> ptrs;
};

/// Outputs of one call, copied out of the runtime's allocations.
struct Outputs {
  std::vector<std::vector<int64_t>> shapes;
  std::vector<std::vector<unsigned char>> bytes;
};

class Stress {
public:
  Api api;
  asrc_model *model = nullptr;
  const Entry *entry = nullptr;

  /// Calls the entry on `in`; fills `out` (if non-NULL) with copies of the
  /// outputs. Returns "" or the error.
  std::string call(const Inputs &in, Outputs *out) {
    size_t n = entry->outputs.size();
    std::vector<asrc_tensor> outs(n);
    std::vector<asrc_tensor *> ptrs(n);
    for (size_t i = 0; i < n; ++i) {
      std::memset(&outs[i], 0, sizeof(asrc_tensor));
      ptrs[i] = &outs[i];
    }
    asrc_error *err = api.call(model, entry->name.c_str(), in.ptrs.data(), in.ptrs.size(),
                               ptrs.data(), n);
    if (err) {
      std::string msg = std::string(api.errorMessage(err)) + " (code " +
                        std::to_string(int(api.errorCode(err))) + ")";
      api.errorFree(err);
      return msg;
    }
    if (out) {
      out->shapes.assign(n, {});
      out->bytes.assign(n, {});
    }
    for (size_t i = 0; i < n; ++i) {
      const asrc_tensor &t = outs[i];
      if (out) {
        int64_t elems = 1;
        for (int32_t d = 0; d < t.rank; ++d) {
          out->shapes[i].push_back(t.shape[d]);
          elems *= t.shape[d];
        }
        const unsigned char *p = static_cast<const unsigned char *>(t.data);
        out->bytes[i].assign(p, p + size_t(elems) * dtypeSize(t.dtype));
      }
      api.tensorFree(&outs[i]);
    }
    return "";
  }
};

/// Same shapes and bytes; else what differs.
std::string compare(const Entry &e, const Outputs &want, const Outputs &got) {
  for (size_t i = 0; i < want.bytes.size(); ++i) {
    if (got.shapes[i] != want.shapes[i])
      return "output '" + e.outputs[i].name + "' has another shape than the reference";
    if (got.bytes[i].size() != want.bytes[i].size() ||
        (!want.bytes[i].empty() &&
         std::memcmp(got.bytes[i].data(), want.bytes[i].data(), want.bytes[i].size()) != 0)) {
      size_t k = 0;
      while (k < want.bytes[i].size() && got.bytes[i][k] == want.bytes[i][k])
        ++k;
      return "output '" + e.outputs[i].name + "' differs from the reference at byte " +
             std::to_string(k) + " of " + std::to_string(want.bytes[i].size());
    }
  }
  return "";
}

bool parseInt(const char *s, int64_t lo, int64_t &out) {
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(s, &end, 10);
  if (errno || !end || *end || end == s || v < lo)
    return false;
  out = v;
  return true;
}

int usageError(const std::string &msg) {
  std::fprintf(stderr, "asrc-model-stress: %s\n(--help for usage)\n", msg.c_str());
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string dir, name, entryName;
  int64_t threads = 8, calls = 100, numInputs = 4, leakCalls = 1000, boundMib = 16,
          modelThreads = 0;
  std::map<std::string, int64_t> dimValues = {{"B", 2}, {"N", 16000}};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char *what) -> const char * {
      if (i + 1 >= argc)
        return nullptr;
      (void)what;
      return argv[++i];
    };
    auto intOpt = [&](int64_t lo, int64_t &out) -> bool {
      const char *v = value(a.c_str());
      return v && parseInt(v, lo, out);
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--name") {
      const char *v = value("--name");
      if (!v)
        return usageError("--name needs a value");
      name = v;
    } else if (a == "--entry") {
      const char *v = value("--entry");
      if (!v)
        return usageError("--entry needs a value");
      entryName = v;
    } else if (a == "--threads") {
      if (!intOpt(1, threads))
        return usageError("--threads needs an integer >= 1");
    } else if (a == "--calls") {
      if (!intOpt(1, calls))
        return usageError("--calls needs an integer >= 1");
    } else if (a == "--inputs") {
      if (!intOpt(1, numInputs))
        return usageError("--inputs needs an integer >= 1");
    } else if (a == "--leak-calls") {
      if (!intOpt(0, leakCalls) || (leakCalls > 0 && leakCalls <= 50))
        return usageError("--leak-calls needs 0 or an integer > 50");
    } else if (a == "--rss-bound-mib") {
      if (!intOpt(0, boundMib))
        return usageError("--rss-bound-mib needs an integer >= 0");
    } else if (a == "--model-threads") {
      if (!intOpt(0, modelThreads))
        return usageError("--model-threads needs an integer >= 0");
    } else if (a == "--dim") {
      const char *v = value("--dim");
      std::string s = v ? v : "";
      size_t eq = s.find('=');
      int64_t n = 0;
      if (eq == std::string::npos || eq == 0 || !parseInt(s.c_str() + eq + 1, 0, n))
        return usageError("--dim needs SYM=VALUE with VALUE >= 0, got '" + s + "'");
      dimValues[s.substr(0, eq)] = n;
    } else if (!a.empty() && a[0] == '-') {
      return usageError("unknown option '" + a + "'");
    } else if (dir.empty()) {
      dir = a;
    } else {
      return usageError("more than one model directory ('" + dir + "', '" + a + "')");
    }
  }
  if (dir.empty())
    return usageError("no model directory given");
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  if (name.empty())
    name = dir.substr(dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/') + 1);

  // The entry point and its ports, from the generated header.
  std::vector<Entry> entries;
  std::string error;
  if (!parseHeader(dir + "/" + name + ".h", entries, error)) {
    std::fprintf(stderr, "asrc-model-stress: %s\n", error.c_str());
    return 1;
  }
  const Entry *entry = &entries[0];
  if (!entryName.empty()) {
    entry = nullptr;
    std::string names;
    for (const Entry &e : entries) {
      names += (names.empty() ? "" : ", ") + e.name;
      if (e.name == entryName)
        entry = &e;
    }
    if (!entry)
      return usageError("the model has no entry point '" + entryName + "' (has: " + names + ")");
  }

  // The library and its runtime.
  std::string libPath = dir + "/lib" + name + ".so";
  void *lib = dlopen(libPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    std::fprintf(stderr, "asrc-model-stress: cannot load '%s': %s\n", libPath.c_str(),
                 why ? why : "dlopen failed");
    return 1;
  }
  Stress st;
  st.entry = entry;
  bool ok = true;
  auto sym = [&](auto &fn, const std::string &s) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, s.c_str()));
    if (!fn) {
      std::fprintf(stderr, "asrc-model-stress: %s does not export %s (not built by asrc?)\n",
                   libPath.c_str(), s.c_str());
      ok = false;
    }
  };
  sym(st.api.create, name + "_create");
  sym(st.api.destroy, "asrc_model_destroy");
  sym(st.api.call, "asrc_model_call");
  sym(st.api.tensorFree, "asrc_tensor_free");
  sym(st.api.errorMessage, "asrc_error_message");
  sym(st.api.errorCode, "asrc_error_code");
  sym(st.api.errorFree, "asrc_error_free");
  if (!ok)
    return 1;

  asrc_options opts{};
  opts.threads = int32_t(modelThreads);
  opts.device = ASRC_DEVICE_HOST;
  std::string weights = dir + "/" + name + ".safetensors";
  if (asrc_error *err = st.api.create(weights.c_str(), &opts, &st.model)) {
    std::fprintf(stderr, "asrc-model-stress: %s_create: %s\n", name.c_str(),
                 st.api.errorMessage(err));
    st.api.errorFree(err);
    return 1;
  }

  // K deterministic inputs.
  std::vector<Inputs> inputs(static_cast<size_t>(numInputs));
  std::string shapes;
  for (int64_t k = 0; k < numInputs; ++k) {
    Inputs &in = inputs[size_t(k)];
    in.storage.resize(entry->inputs.size());
    in.tensors.resize(entry->inputs.size());
    uint64_t state = 0x9E3779B97F4A7C15ull * uint64_t(k + 1);
    for (size_t i = 0; i < entry->inputs.size(); ++i) {
      const Port &p = entry->inputs[i];
      asrc_tensor &t = in.tensors[i];
      std::memset(&t, 0, sizeof(t));
      t.dtype = p.dtype;
      t.rank = int32_t(p.dims.size());
      int64_t elems = 1;
      std::string shape;
      for (size_t d = 0; d < p.dims.size(); ++d) {
        int64_t v = 0;
        if (!parseInt(p.dims[d].c_str(), 0, v)) {
          auto it = dimValues.find(p.dims[d]);
          v = it != dimValues.end() ? it->second : 16;
        }
        t.shape[d] = v;
        elems *= v;
        shape += (d ? ", " : "") + std::to_string(v);
      }
      if (k == 0)
        shapes += (i ? ", " : "") + p.name + " [" + shape + "]";
      in.storage[i].assign(size_t(elems) * dtypeSize(p.dtype) + 1, 0);
      if (p.dtype == ASRC_F32) {
        float *f = reinterpret_cast<float *>(in.storage[i].data());
        for (int64_t e = 0; e < elems; ++e) {
          state = state * 6364136223846793005ull + 1442695040888963407ull;
          f[e] = float((state >> 40) & 0xFFFFFF) / float(1 << 24) - 0.5f;
        }
      }
      t.data = in.storage[i].data();
    }
    for (const asrc_tensor &t : in.tensors)
      in.ptrs.push_back(&t);
  }
  std::printf("model %s, entry %s: %s; %lld inputs, %lld threads x %lld calls, %lld "
              "sequential calls\n",
              name.c_str(), entry->name.c_str(), shapes.c_str(), (long long)numInputs,
              (long long)threads, (long long)calls, (long long)leakCalls);
  std::fflush(stdout);

  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  int failures = 0;

  // 1. References, one call at a time.
  Clock::time_point t0 = Clock::now();
  std::vector<Outputs> refs(static_cast<size_t>(numInputs));
  for (int64_t k = 0; k < numInputs; ++k) {
    std::string err = st.call(inputs[size_t(k)], &refs[size_t(k)]);
    if (!err.empty()) {
      std::fprintf(stderr, "FAIL: reference call on input %lld: %s\n", (long long)k, err.c_str());
      st.api.destroy(st.model);
      return 1;
    }
  }
  for (int64_t a = 0; a < numInputs; ++a)
    for (int64_t b = a + 1; b < numInputs; ++b)
      if (compare(*entry, refs[size_t(a)], refs[size_t(b)]).empty())
        std::printf("note: inputs %lld and %lld give identical outputs\n", (long long)a,
                    (long long)b);
  std::printf("references: %lld calls in %.2f s\n", (long long)numInputs, seconds(t0));
  std::fflush(stdout);

  // 2. Threads sharing the model.
  t0 = Clock::now();
  std::atomic<int64_t> mismatches{0}, errors{0};
  std::mutex firstMutex;
  std::string first;
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Outputs got;
      for (int64_t c = 0; c < calls; ++c) {
        size_t k = size_t((t + c) % numInputs);
        std::string err = st.call(inputs[k], &got);
        std::string what;
        if (!err.empty()) {
          ++errors;
          what = err;
        } else if (!(what = compare(*entry, refs[k], got)).empty()) {
          ++mismatches;
        }
        if (!what.empty()) {
          std::lock_guard<std::mutex> lock(firstMutex);
          if (first.empty())
            first = "thread " + std::to_string(t) + " call " + std::to_string(c) + " (input " +
                    std::to_string(k) + "): " + what;
        }
      }
    });
  for (std::thread &th : pool)
    th.join();
  double threadSeconds = seconds(t0);
  std::printf("threads: %lld calls in %.2f s: %lld mismatches, %lld errors\n",
              (long long)(threads * calls), threadSeconds, (long long)mismatches.load(),
              (long long)errors.load());
  if (mismatches || errors) {
    std::fprintf(stderr, "FAIL: concurrent calls differ from the sequential references; first: %s\n",
                 first.c_str());
    ++failures;
  }
  std::fflush(stdout);

  // 3. Resident memory over many sequential calls.
  if (leakCalls > 0) {
    t0 = Clock::now();
    int64_t after50 = -1;
    for (int64_t c = 0; c < leakCalls; ++c) {
      std::string err = st.call(inputs[size_t(c % numInputs)], nullptr);
      if (!err.empty()) {
        std::fprintf(stderr, "FAIL: sequential call %lld: %s\n", (long long)c, err.c_str());
        ++failures;
        break;
      }
      if (c + 1 == 50)
        after50 = residentBytes();
    }
    int64_t end = residentBytes();
    if (after50 < 0 || end < 0) {
      std::fprintf(stderr, "FAIL: cannot read /proc/self/statm\n");
      ++failures;
    } else {
      int64_t growth = end - after50;
      std::printf("memory: resident %.1f MiB after 50 calls, %.1f MiB after %lld calls: "
                  "%+.1f MiB (bound %lld MiB), %.2f s\n",
                  mib(after50), mib(end), (long long)leakCalls, mib(growth),
                  (long long)boundMib, seconds(t0));
      if (growth > boundMib * 1024 * 1024) {
        std::fprintf(stderr, "FAIL: resident memory grew by %.1f MiB over %lld calls (bound %lld "
                     "MiB): a leak?\n",
                     mib(growth), (long long)(leakCalls - 50), (long long)boundMib);
        ++failures;
      }
    }
  }

  st.api.destroy(st.model);
  // The library stays loaded: Halide's thread pool may still be winding down.
  std::printf(failures ? "FAILED\n" : "PASSED\n");
  return failures ? 1 : 0;
}
