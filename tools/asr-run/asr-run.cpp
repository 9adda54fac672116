//===- asr-run.cpp - speech in, text out, with a model asrc compiled ------===//
//
// asr-run [options] MODEL_DIR FILE...
//
// MODEL_DIR is asrc's output directory (lib<model>.so + <model>.safetensors)
// of a model whose spec has a "decoding" recipe and a "transcription" table.
// FILEs are WAV or FLAC recordings, or .tsv lists of them (one per line:
// path [TAB reference text]; relative paths are relative to the list). Each
// file is read, resampled to the model's rate, cut into the model's windows
// (30 s for Whisper-style models), decoded (greedy or beam search) and
// printed as one line. With references, a word error rate closes the run.
//
//===----------------------------------------------------------------------===//
#include "tools/asr-run/ModelLibrary.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

using namespace asrrun;

namespace {

const char *kUsage =
    "usage: asr-run [options] MODEL_DIR FILE...\n"
    "\n"
    "Transcribes WAV/FLAC files with a model compiled by asrc (asrc SPEC -o MODEL_DIR).\n"
    "A FILE ending in .tsv is a list: one recording per line, 'path[<TAB>reference]',\n"
    "paths relative to the list; with references asr-run reports the word error rate.\n"
    "\n"
    "Output: the text of each file on stdout ('FILE<TAB>TEXT' when there are several).\n"
    "\n"
    "options:\n"
    "  --beam N            beam width (default 1: greedy)\n"
    "  --max-length N      tokens per window at most (default: the model's)\n"
    "  --length-penalty F  beam ranking: score / length^F (default 1)\n"
    "  --threads N         kernel threads (default 0: all cores)\n"
    "  --weights FILE      weights (default: MODEL_DIR/<model>.safetensors)\n"
    "  --json              one JSON object per file: file, text, tokens, timings\n"
    "  --timing            timings on stderr: load, audio, encoder (with the front end),\n"
    "                      decoder, real-time factor\n"
    "  --no-progress       no progress bar (shown for lists when stderr is a terminal)\n"
    "  -h, --help          this text\n"
    "  --version           asr-run's version\n"
    "\n"
    "Exit status: 0 when every file was transcribed, 1 when some failed (each named\n"
    "on stderr), 2 for a usage error or a model that cannot be loaded.\n";

struct Args {
  std::string modelDir, weights;
  std::vector<std::string> inputs;
  DecodeSettings decode;
  int threads = 0;
  bool json = false, timing = false, progress = true;
};

struct Item {
  std::string path;
  std::string reference; ///< empty: none
  bool hasReference = false;
};

[[noreturn]] void usageError(const std::string &message) {
  std::cerr << "asr-run: error: " << message << "\n(asr-run --help for usage)\n";
  std::exit(2);
}

int intArg(const std::string &flag, const char *value, int lo, int hi) {
  char *end = nullptr;
  long v = std::strtol(value, &end, 10);
  if (!*value || *end || v < lo || v > hi)
    usageError(flag + " takes an integer from " + std::to_string(lo) + " to " +
               std::to_string(hi) + ", got '" + value + "'");
  return int(v);
}

Args parseArgs(int argc, char **argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc)
        usageError(s + " needs a value");
      return argv[++i];
    };
    if (s == "-h" || s == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (s == "--version") {
      std::cout << "asr-run (asrc) 0.1.0\n";
      std::exit(0);
    } else if (s == "--beam") {
      a.decode.beam = intArg(s, value(), 1, 256);
    } else if (s == "--max-length") {
      a.decode.maxLength = intArg(s, value(), 1, 1 << 20);
    } else if (s == "--length-penalty") {
      const char *v = value();
      char *end = nullptr;
      a.decode.lengthPenalty = std::strtof(v, &end);
      if (!*v || *end || !(a.decode.lengthPenalty >= 0) || a.decode.lengthPenalty > 10)
        usageError("--length-penalty takes a number from 0 to 10, got '" + std::string(v) + "'");
    } else if (s == "--threads") {
      a.threads = intArg(s, value(), 0, 1024);
    } else if (s == "--weights") {
      a.weights = value();
    } else if (s == "--json") {
      a.json = true;
    } else if (s == "--timing") {
      a.timing = true;
    } else if (s == "--no-progress") {
      a.progress = false;
    } else if (s.size() > 1 && s[0] == '-') {
      usageError("unknown option '" + s + "'");
    } else if (a.modelDir.empty()) {
      a.modelDir = s;
    } else {
      a.inputs.push_back(s);
    }
  }
  if (a.modelDir.empty())
    usageError("no MODEL_DIR given");
  if (a.inputs.empty())
    usageError("no audio files given");
  return a;
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Expands .tsv lists; false (with the message printed) for an unreadable
/// or malformed list.
bool collect(const std::vector<std::string> &inputs, std::vector<Item> &items) {
  for (const std::string &in : inputs) {
    if (!endsWith(in, ".tsv")) {
      items.push_back({in, "", false});
      continue;
    }
    std::ifstream f(in);
    if (!f) {
      std::cerr << "asr-run: error: cannot read the list '" << in << "'\n";
      return false;
    }
    std::string dir = in.find('/') == std::string::npos ? "" : in.substr(0, in.rfind('/') + 1);
    std::string line;
    for (int lineNo = 1; std::getline(f, line); ++lineNo) {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (line.empty() || line[0] == '#')
        continue;
      size_t tab = line.find('\t');
      Item item;
      item.path = line.substr(0, tab);
      if (item.path.empty()) {
        std::cerr << in << ":" << lineNo << ": error: empty path\n";
        return false;
      }
      if (item.path[0] != '/')
        item.path = dir + item.path;
      if (tab != std::string::npos) {
        item.reference = line.substr(tab + 1);
        item.hasReference = true;
      }
      items.push_back(item);
    }
  }
  return true;
}

std::vector<std::string> words(const std::string &s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

/// Word-level Levenshtein distance.
size_t editDistance(const std::vector<std::string> &ref, const std::vector<std::string> &hyp) {
  std::vector<size_t> row(hyp.size() + 1);
  for (size_t j = 0; j <= hyp.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= ref.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= hyp.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (ref[i - 1] == hyp[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[hyp.size()];
}

class Progress {
public:
  Progress(size_t total, bool enabled) : total(total), enabled(enabled) {}
  void update(size_t done, double audioSeconds, double elapsed) {
    if (!enabled)
      return;
    const int width = 30;
    int filled = total ? int(width * done / total) : width;
    double eta = done ? elapsed / done * (total - done) : 0;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu files  %.1f s of audio  %.1fx real time  eta %.0f s ",
                 std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), done,
                 total, audioSeconds, elapsed > 0 ? audioSeconds / elapsed : 0.0, eta);
    std::fflush(stderr);
  }
  void finish() {
    if (enabled)
      std::fprintf(stderr, "\r%*s\r", 100, "");
  }

private:
  size_t total;
  bool enabled;
};

} // namespace

int main(int argc, char **argv) {
  Args args = parseArgs(argc, argv);
  std::vector<Item> items;
  if (!collect(args.inputs, items))
    return 2;

  using Clock = std::chrono::steady_clock;
  Clock::time_point t0 = Clock::now();
  ModelLibrary model;
  std::string error;
  if (!model.open(args.modelDir, args.weights, args.threads, error)) {
    std::cerr << "asr-run: error: " << error << "\n";
    return 2;
  }
  double loadSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

  const bool several = items.size() > 1 || endsWith(args.inputs[0], ".tsv");
  Progress progress(items.size(), args.progress && several && isatty(2) && !args.timing);
  Result total;
  size_t failed = 0, refWords = 0, refErrors = 0, withRef = 0, exact = 0;
  Clock::time_point start = Clock::now();
  for (size_t i = 0; i < items.size(); ++i) {
    const Item &item = items[i];
    Result r;
    if (!model.transcribe(item.path, args.decode, r, error)) {
      progress.finish();
      std::cerr << "asr-run: error: " << error << "\n";
      ++failed;
      continue;
    }
    total.audioSeconds += r.audioSeconds;
    total.readSeconds += r.readSeconds;
    total.encodeSeconds += r.encodeSeconds;
    total.decodeSeconds += r.decodeSeconds;
    double compute = r.readSeconds + r.encodeSeconds + r.decodeSeconds;
    size_t errors = 0, refCount = 0;
    if (item.hasReference) {
      std::vector<std::string> ref = words(item.reference);
      errors = editDistance(ref, words(r.text));
      refCount = ref.size();
      refWords += refCount;
      refErrors += errors;
      ++withRef;
      exact += errors == 0;
    }
    progress.finish();
    if (args.json) {
      nlohmann::json j = {{"file", item.path},
                          {"text", r.text},
                          {"tokens", r.tokens},
                          {"windows", r.windows},
                          {"audio_seconds", r.audioSeconds},
                          {"seconds",
                           {{"audio", r.readSeconds},
                            {"encoder", r.encodeSeconds},
                            {"decoder", r.decodeSeconds},
                            {"total", compute}}},
                          {"real_time_factor", r.audioSeconds > 0 ? compute / r.audioSeconds : 0}};
      if (item.hasReference) {
        j["reference"] = item.reference;
        j["word_errors"] = errors;
        j["reference_words"] = refCount;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (several) {
      std::cout << item.path << "\t" << r.text << "\n";
    } else {
      std::cout << r.text << "\n";
    }
    std::cout.flush();
    if (args.timing)
      std::fprintf(stderr,
                   "asr-run: %s: %.2f s of audio: audio %.1f ms, encoder %.1f ms, decoder "
                   "%.1f ms, RTF %.4f\n",
                   item.path.c_str(), r.audioSeconds, 1e3 * r.readSeconds, 1e3 * r.encodeSeconds,
                   1e3 * r.decodeSeconds, r.audioSeconds > 0 ? compute / r.audioSeconds : 0.0);
    progress.update(i + 1, total.audioSeconds,
                    std::chrono::duration<double>(Clock::now() - start).count());
  }
  progress.finish();
  double compute = total.readSeconds + total.encodeSeconds + total.decodeSeconds;
  if (args.timing)
    std::fprintf(stderr,
                 "asr-run: model %s: load %.1f ms; %zu files, %.2f s of audio: audio %.1f ms, "
                 "encoder %.1f ms, decoder %.1f ms, total %.1f ms, real-time factor %.4f\n",
                 model.name().c_str(), 1e3 * loadSeconds, items.size() - failed,
                 total.audioSeconds, 1e3 * total.readSeconds, 1e3 * total.encodeSeconds,
                 1e3 * total.decodeSeconds, 1e3 * compute,
                 total.audioSeconds > 0 ? compute / total.audioSeconds : 0.0);
  if (withRef)
    std::fprintf(stderr,
                 "asr-run: %zu files with references: word error rate %.2f%% (%zu errors in %zu "
                 "words), %zu/%zu transcripts exact\n",
                 withRef, refWords ? 100.0 * refErrors / refWords : 0.0, refErrors, refWords,
                 exact, withRef);
  if (failed)
    std::fprintf(stderr, "asr-run: %zu of %zu files failed\n", failed, items.size());
  return failed ? 1 : 0;
}
