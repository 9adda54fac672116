//===- ModelLibrary.cpp - a compiled model directory, loaded --------------===//
#include "tools/asr-run/ModelLibrary.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>

namespace asrrun {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isDirectory(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// MODEL_DIR -> its lib<model>.so (exactly one), or the path itself when it
/// names a .so.
bool findLibrary(const std::string &modelDir, std::string &library, std::string &error) {
  if (!isDirectory(modelDir)) {
    if (endsWith(modelDir, ".so")) {
      library = modelDir;
      return true;
    }
    error = "'" + modelDir + "' is not a model directory (asrc -o DIR writes one) nor a lib<model>.so";
    return false;
  }
  DIR *d = opendir(modelDir.c_str());
  if (!d) {
    error = "cannot read the directory '" + modelDir + "'";
    return false;
  }
  std::vector<std::string> found;
  while (dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 6 && n.compare(0, 3, "lib") == 0 && endsWith(n, ".so"))
      found.push_back(n);
  }
  closedir(d);
  if (found.size() != 1) {
    error = "'" + modelDir + "' holds " + std::to_string(found.size()) +
            " lib<model>.so files; expected one (the output directory of asrc -o)";
    for (const std::string &f : found)
      error += "\n  " + f;
    return false;
  }
  library = modelDir + "/" + found[0];
  return true;
}

template <typename F> bool resolve(void *handle, const char *symbol, F &fn, std::string &error) {
  fn = reinterpret_cast<F>(dlsym(handle, symbol));
  if (!fn)
    error = std::string("the library does not export ") + symbol + " (not built by asrc?)";
  return fn != nullptr;
}

} // namespace

ModelLibrary::~ModelLibrary() {
  if (model && api.destroy)
    api.destroy(model);
  if (handle)
    dlclose(handle);
}

std::string ModelLibrary::take(asrc_error *err) {
  if (!err)
    return "";
  std::string m = api.errorMessage(err);
  api.errorFree(err);
  return m;
}

bool ModelLibrary::open(const std::string &modelDir, const std::string &weights, int threads,
                        std::string &error) {
  std::string library;
  if (!findLibrary(modelDir, library, error))
    return false;
  std::string base = library.substr(library.rfind('/') == std::string::npos ? 0 : library.rfind('/') + 1);
  modelName = base.substr(3, base.size() - 6);
  handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    error = "cannot load '" + library + "': " + (why ? why : "dlopen failed");
    return false;
  }
  std::string create = modelName + "_create";
  if (!resolve(handle, create.c_str(), api.create, error) ||
      !resolve(handle, "asrc_model_destroy", api.destroy, error) ||
      !resolve(handle, "asrc_model_info", api.info, error) ||
      !resolve(handle, "asrc_error_code", api.errorCode, error) ||
      !resolve(handle, "asrc_error_message", api.errorMessage, error) ||
      !resolve(handle, "asrc_error_free", api.errorFree, error) ||
      !resolve(handle, "asrc_decode", api.decode, error) ||
      !resolve(handle, "asrc_transcripts_free", api.transcriptsFree, error) ||
      !resolve(handle, "asrc_audio_read", api.audioRead, error) ||
      !resolve(handle, "asrc_tensor_free", api.tensorFree, error)) {
    error = library + ": " + error;
    return false;
  }
  std::string w = weights;
  if (w.empty())
    w = (isDirectory(modelDir) ? modelDir : library.substr(0, library.size() - base.size())) +
        "/" + modelName + ".safetensors";
  asrc_options options{};
  options.threads = threads;
  if (std::string m = take(api.create(w.c_str(), &options, &model)); !m.empty()) {
    model = nullptr;
    error = m;
    return false;
  }

  nlohmann::json info = nlohmann::json::parse(api.info(model), nullptr, /*allow_exceptions=*/false);
  if (info.is_discarded() || !info.is_object()) {
    error = library + ": asrc_model_info is not a JSON object";
    return false;
  }
  const nlohmann::json &t = info.value("transcription", nlohmann::json());
  if (!t.is_object() || info.value("decoding", nlohmann::json()).is_null()) {
    error = "model '" + modelName + "' cannot transcribe: its spec has no " +
            (t.is_object() ? "\"decoding\" recipe" : "\"transcription\" table") +
            " (docs/model-spec.md); asr-run needs both to turn audio into text";
    return false;
  }
  table.sampleRate = t.value("sample_rate", 16000);
  table.separator = t.value("separator", std::string(" "));
  table.windowSeconds = t.value("window_seconds", 30.0);
  for (const auto &tok : t.value("tokens", nlohmann::json::array()))
    table.tokens.push_back(tok.is_string() ? tok.get<std::string>() : std::string());
  return true;
}

std::string ModelLibrary::textOf(const std::vector<int32_t> &tokens) const {
  std::string text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    int32_t t = tokens[i];
    if (i)
      text += table.separator;
    text += t >= 0 && size_t(t) < table.tokens.size() ? table.tokens[t]
                                                       : "<" + std::to_string(t) + ">";
  }
  return text;
}

bool ModelLibrary::transcribe(const std::string &path, const DecodeSettings &settings,
                              Result &out, std::string &error) {
  out = Result();
  Clock::time_point t0 = Clock::now();
  asrc_tensor audio{};
  int32_t rate = 0;
  if (std::string m = take(api.audioRead(path.c_str(), table.sampleRate, &audio, &rate));
      !m.empty()) {
    error = m;
    return false;
  }
  out.readSeconds = since(t0);
  const int64_t n = audio.shape[0];
  out.audioSeconds = double(n) / table.sampleRate;
  const int64_t window = std::max<int64_t>(1, std::llround(table.windowSeconds * table.sampleRate));
  // The shortest piece worth a window: a tenth of a second; a shorter tail
  // after a full window is silence-sized and dropped.
  const int64_t shortest = table.sampleRate / 10;
  if (n < shortest) {
    api.tensorFree(&audio);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", out.audioSeconds);
    error = path + ": " + seconds + " s of audio; at least 0.1 s is needed";
    return false;
  }
  asrc_decode_options options{};
  options.beam_width = settings.beam;
  options.max_length = settings.maxLength;
  options.length_penalty = settings.lengthPenalty;
  options.nbest = 1;
  std::vector<std::string> texts;
  for (int64_t start = 0; start < n; start += window) {
    int64_t len = std::min(window, n - start);
    if (start > 0 && len < shortest)
      break;
    asrc_tensor in{};
    in.dtype = ASRC_F32;
    in.rank = 2;
    in.shape[0] = 1;
    in.shape[1] = len;
    in.data = static_cast<float *>(audio.data) + start;
    const asrc_tensor *inputs[] = {&in};
    asrc_transcripts tr{};
    if (std::string m = take(api.decode(model, inputs, 1, &options, &tr)); !m.empty()) {
      api.tensorFree(&audio);
      error = path + ": " + m;
      return false;
    }
    out.encodeSeconds += tr.encode_seconds;
    out.decodeSeconds += tr.decode_seconds;
    const asrc_hypothesis &h = tr.hyps[0];
    std::vector<int32_t> tokens(h.tokens, h.tokens + h.length);
    api.transcriptsFree(&tr);
    out.tokens.insert(out.tokens.end(), tokens.begin(), tokens.end());
    if (std::string text = textOf(tokens); !text.empty())
      texts.push_back(text);
    ++out.windows;
  }
  api.tensorFree(&audio);
  for (size_t i = 0; i < texts.size(); ++i)
    out.text += (i ? " " : "") + texts[i];
  return true;
}

} // namespace asrrun
