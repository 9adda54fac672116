//===- asr-tune.cpp - kernel autotuning into a tuning database ------------===//
//
//   asr-tune SPEC.json [--weights W] --db tuning.json [--budget 10m]
//   asr-tune --op fused_attention --shape B=1,H=6,Lq=1500,Lk=1500,D=64 --db tuning.json
//   asr-tune SPEC.json --list                       the kernels and their shapes
//   asr-tune --op matmul --shape M=1500,K=384,N=1536 --autoschedule all --csv out.csv
//
// Tunes each distinct kernel (kernel op, shape class, target) of a model, or
// one kernel given by op and shape, with the search of codegen/halide/Tuner.h,
// and stores the best schedules in the database (docs/tuning-db.md) that
// `asrc --tuning-db` reads. Re-running continues from the database.
//
//===----------------------------------------------------------------------===//
#include "codegen/halide/AutoSchedule.h"
#include "codegen/halide/Kernels.h"
#include "codegen/halide/Tuner.h"
#include "codegen/halide/TuningDb.h"
#include "tools/asr-tune/ModelKernels.h"

#include <Halide.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace asr;
using namespace asr::kernels;

namespace {

const char *kUsage = R"(asr-tune: autotune asrc's kernel schedules into a tuning database

usage:
  asr-tune SPEC.json [--weights W.safetensors] --db FILE [options]
  asr-tune --op OP --shape NAME=N,... --db FILE [options]

  Times candidate schedules of each kernel in this process (Halide JIT),
  checks every candidate's output against the default schedule's, and stores
  the fastest in FILE (created if missing; re-running resumes the search).
  Then: asrc SPEC.json --tuning-db FILE. Format: docs/tuning-db.md.

what to tune:
  SPEC.json             every tunable kernel of the model (matmuls, convs,
                        fused attention, norms, softmax)
  --op OP --shape S     one kernel, shaped as asrc emits it:
      matmul          M,K,N[,B]      [B,M,K] x Linear weight [N,K]^T
      fused_attention B,H,Lq,Lk,D    q [B,H,Lq,D], k/v [B,H,Lk,D] (--causal;
                                     --lengths: an i32 [B] key-lengths input)
      layer_norm      B,T,C
      conv1d          B,T,Cin,Cout,K[,stride,padding]
      B, T, M, Lq and Lk are dynamic dims (the kernel serves any extent; the
      search times the ones given), except M <= 4 and Lq <= 4: a decoder
      step's static row count, as asrc emits decode_step kernels.
  --only TEXT,...       only kernels whose key or function name contains one
                        of the TEXTs
  --skip TEXT,...       not the kernels whose key or function contains one
  --list                print the kernels, their shapes and FLOPs; tune nothing

search:
  --budget T            total tuning time: 90s, 10m, 1h (default 10m), spread
                        over the kernels by their FLOPs
  --seed N              search seed (default 1); the candidates are the same
                        for the same seed and database
  --threads N           HL_NUM_THREADS while timing (default: all cores); tune
                        with the thread count the model will run with
  --frames N            extent of a model's dynamic time dims (default 1500)
  --batch N             extent of a model's dynamic batch dims (default 1)
  --trace FILE.csv      append kernel,threads,elapsed_s,trial,best_ms,best_gflops
                        each time a kernel's best-so-far improves
  --csv FILE.csv        append kernel,impl,threads,time_ms,gflops: the default
                        and the tuned time of each kernel (or the baselines)
  --name NAME           the kernel's name in --trace/--csv (--op mode)
  --no-progress         no progress bar (also off when stderr is not a terminal)

baselines (no tuning, nothing stored):
  --autoschedule NAMES  time Halide's autoschedulers on the kernels instead:
                        Mullapudi2016, Li2018, Adams2019 (comma list, or all),
                        plus the default schedule; rows go to --csv
)";

[[noreturn]] void usageError(const std::string &msg) {
  std::fprintf(stderr, "asr-tune: error: %s (see asr-tune --help)\n", msg.c_str());
  std::exit(2);
}

struct Options {
  std::string spec, weights, db, op, shape, only, skip, trace, csv, name, autoschedule;
  double budgetS = 600;
  uint64_t seed = 1;
  int threads = 0;
  DynamicExtents extents;
  bool list = false, progress = true, causal = false, lengths = false;
};

double parseDuration(const std::string &s) {
  char *end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string unit = end ? end : "";
  double mult = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : -1;
  if (end == s.c_str() || mult < 0 || !(v > 0))
    usageError("--budget: expected a duration like 90s, 10m or 1h, got '" + s + "'");
  return v * mult;
}

int64_t parsePositive(const std::string &flag, const std::string &s) {
  char *end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0' || v < 1)
    usageError(flag + ": expected a positive integer, got '" + s + "'");
  return v;
}

Options parseArgs(int argc, char **argv) {
  Options o;
  std::map<std::string, std::string *> strings = {
      {"--weights", &o.weights}, {"--db", &o.db},     {"--op", &o.op},
      {"--shape", &o.shape},     {"--only", &o.only}, {"--trace", &o.trace},
      {"--csv", &o.csv},         {"--name", &o.name}, {"--autoschedule", &o.autoschedule},
      {"--skip", &o.skip}};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], value;
    bool hasValue = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      hasValue = true;
    }
    auto next = [&]() -> std::string {
      if (hasValue)
        return value;
      if (i + 1 >= argc)
        usageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (strings.count(a)) {
      *strings[a] = next();
    } else if (a == "--budget") {
      o.budgetS = parseDuration(next());
    } else if (a == "--seed") {
      o.seed = static_cast<uint64_t>(parsePositive(a, next()));
    } else if (a == "--threads") {
      o.threads = static_cast<int>(parsePositive(a, next()));
    } else if (a == "--frames") {
      o.extents.frames = parsePositive(a, next());
    } else if (a == "--batch") {
      o.extents.batch = parsePositive(a, next());
    } else if (a == "--list") {
      o.list = true;
    } else if (a == "--no-progress") {
      o.progress = false;
    } else if (a == "--causal") {
      o.causal = true;
    } else if (a == "--lengths") {
      o.lengths = true;
    } else if (a.rfind("-", 0) == 0) {
      usageError("unknown option '" + a + "'");
    } else if (o.spec.empty()) {
      o.spec = a;
    } else {
      usageError("more than one model spec ('" + o.spec + "', '" + a + "')");
    }
  }
  if (o.spec.empty() == o.op.empty())
    usageError(o.spec.empty() ? "give a model spec or --op" : "give a model spec or --op, not both");
  if (!o.op.empty() && o.shape.empty())
    usageError("--op needs --shape");
  if (o.db.empty() && !o.list && o.autoschedule.empty())
    usageError("--db FILE is required to tune");
  if (o.threads == 0)
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return o;
}

//===----------------------------------------------------------------------===//
// --op: one kernel, as asrc emits it
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> parseShape(const std::string &s) {
  std::map<std::string, int64_t> dims;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      usageError("--shape: expected NAME=N items separated by commas, got '" + item + "'");
    dims[item.substr(0, eq)] = parsePositive("--shape " + item.substr(0, eq), item.substr(eq + 1));
  }
  return dims;
}

TensorDesc f32(std::vector<int64_t> dims) { return {ElemType::F32, std::move(dims)}; }

/// The desc and runtime shapes of --op/--shape.
TuneProblem opProblem(const Options &o) {
  std::map<std::string, int64_t> s = parseShape(o.shape);
  auto need = [&](std::initializer_list<const char *> names) {
    for (const char *n : names)
      if (!s.count(n))
        usageError("--op " + o.op + " needs " + n + " in --shape");
  };
  auto get = [&](const char *n, int64_t dflt) { return s.count(n) ? s[n] : dflt; };
  KernelDesc d;
  std::vector<std::vector<int64_t>> shapes;
  DynamicExtents ext;
  ext.batch = get("B", 1);
  std::string name;
  if (o.op == "matmul") {
    need({"M", "K", "N"});
    int64_t M = s["M"], K = s["K"], N = s["N"];
    d.kind = KernelKind::Matmul;
    // A decoder step has a static row count; an encoder's is dynamic (T).
    int64_t rows = M <= kMatmulGemvMaxM ? M : -1;
    d.inputs = {f32({-1, rows, K}), f32({N, K})};
    d.outputs = {f32({-1, rows, N})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    ext.frames = M;
    name = "matmul_" + std::to_string(M) + "x" + std::to_string(K) + "x" + std::to_string(N);
  } else if (o.op == "fused_attention") {
    need({"H", "Lq", "Lk", "D"});
    int64_t H = s["H"], D = s["D"], Lq = s["Lq"], Lk = s["Lk"];
    if (Lq != Lk && Lq > kAttentionDecodeMaxLq)
      usageError("--op fused_attention: Lq must equal Lk (one dynamic time dim), or be <= " +
                 std::to_string(kAttentionDecodeMaxLq) + " (a decoder step)");
    d.kind = KernelKind::FusedAttention;
    d.fn = "dot";
    int64_t rows = Lq <= kAttentionDecodeMaxLq ? Lq : -1;
    d.inputs = {f32({-1, H, rows, D}), f32({-1, H, -1, D}), f32({-1, H, -1, D})};
    if (o.lengths)
      d.inputs.push_back({ElemType::I32, {-1}});
    d.outputs = {f32({-1, H, rows, D})};
    d.ints = {{"causal", o.causal ? 1 : 0}, {"has_bias", 0}, {"has_lengths", o.lengths ? 1 : 0},
              {"return_probs", 0}};
    d.floats = {{"scale", 1.0 / std::sqrt(static_cast<double>(D))}};
    ext.frames = Lk;
    name = std::string(Lq <= kAttentionDecodeMaxLq ? "attention_decode" : "attention") + "_h" +
           std::to_string(H) + "_t" + std::to_string(Lk) + "_d" + std::to_string(D) +
           (o.causal ? "_causal" : "");
  } else if (o.op == "layer_norm") {
    need({"T", "C"});
    d.kind = KernelKind::LayerNorm;
    d.inputs = {f32({-1, -1, s["C"]}), f32({s["C"]}), f32({s["C"]})};
    d.outputs = {f32({-1, -1, s["C"]})};
    d.floats = {{"epsilon", 1e-5}};
    ext.frames = s["T"];
    name = "layer_norm_" + std::to_string(s["T"]) + "x" + std::to_string(s["C"]);
  } else if (o.op == "conv1d") {
    need({"T", "Cin", "Cout", "K"});
    d.kind = KernelKind::Conv1D;
    d.inputs = {f32({-1, -1, s["Cin"]}), f32({s["Cout"], s["Cin"], s["K"]}), f32({s["Cout"]})};
    d.outputs = {f32({-1, -1, s["Cout"]})};
    d.ints = {{"stride", get("stride", 1)}, {"padding", get("padding", s["K"] / 2)},
              {"dilation", 1}, {"groups", 1}, {"has_bias", 1}};
    ext.frames = s["T"];
    name = "conv1d_" + std::to_string(s["T"]) + "x" + std::to_string(s["Cin"]) + "_" +
           std::to_string(s["Cout"]) + "_k" + std::to_string(s["K"]);
  } else {
    usageError("--op: unknown op '" + o.op + "' (matmul, fused_attention, layer_norm, conv1d)");
  }
  TuneProblem p;
  std::string why;
  if (!makeTuneProblem(d, ext, p, why))
    usageError("--op " + o.op + ": " + why);
  p.name = o.name.empty() ? name : o.name;
  return p;
}

//===----------------------------------------------------------------------===//
// Output helpers
//===----------------------------------------------------------------------===//

std::string shapesText(const TuneProblem &p) {
  auto one = [](const std::vector<int64_t> &s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i)
      t += (i ? "," : "") + std::to_string(s[i]);
    return t + "]";
  };
  std::string t;
  for (const auto &s : p.inputShapes)
    t += (t.empty() ? "" : " ") + one(s);
  t += " ->";
  for (const auto &s : p.outputShapes)
    t += " " + one(s);
  return t;
}

/// Appends rows to a CSV file, writing `header` first when it is new.
class CsvFile {
public:
  CsvFile(const std::string &path, const char *header) : path(path) {
    if (path.empty())
      return;
    bool fresh = !std::ifstream(path).good();
    out.open(path, std::ios::app);
    if (!out) {
      std::fprintf(stderr, "asr-tune: error: cannot write '%s'\n", path.c_str());
      std::exit(1);
    }
    if (fresh)
      out << header << "\n";
  }
  void row(const std::string &text) {
    if (out.is_open()) {
      out << text << "\n";
      out.flush();
    }
  }

private:
  std::string path;
  std::ofstream out;
};

std::string fmt(const char *f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string gflopsText(const TuneProblem &p, double ms) {
  return p.flops > 0 ? fmt("%.1f", p.flops / (ms * 1e-3) * 1e-9) : "";
}

/// One rewritten line on a terminal.
class ProgressLine {
public:
  explicit ProgressLine(bool on) : on(on && isatty(2)) {}
  void show(const std::string &text) {
    if (on)
      std::fprintf(stderr, "\r%-100.100s", text.c_str());
  }
  void clear() {
    if (on)
      std::fprintf(stderr, "\r%100s\r", "");
  }

private:
  bool on;
};

//===----------------------------------------------------------------------===//
// Modes
//===----------------------------------------------------------------------===//

/// Times the default schedule and each autoscheduler on every problem.
int runBaselines(const Options &o, const std::vector<TuneProblem> &problems,
                 const Halide::Target &target) {
  std::vector<std::string> names;
  if (o.autoschedule == "all") {
    names = autoSchedulerNames();
  } else {
    std::stringstream ss(o.autoschedule);
    for (std::string n; std::getline(ss, n, ',');) {
      const auto &known = autoSchedulerNames();
      if (std::find(known.begin(), known.end(), n) == known.end())
        usageError("--autoschedule: unknown autoscheduler '" + n +
                   "' (Mullapudi2016, Li2018, Adams2019 or all)");
      names.push_back(n);
    }
  }
  CsvFile csv(o.csv, "kernel,impl,threads,time_ms,gflops");
  for (const TuneProblem &p : problems) {
    std::vector<Halide::Buffer<>> reference;
    double defMs = timeSchedule(p, target, {}, &reference);
    std::printf("%-34s %-14s %9.3f ms %8s GFLOP/s\n", p.name.c_str(), "default", defMs,
                gflopsText(p, defMs).c_str());
    csv.row(p.name + ",default," + std::to_string(o.threads) + "," + fmt("%.4f", defMs) + "," +
            gflopsText(p, defMs));
    for (const std::string &n : names) {
      try {
        BuiltKernel k = autoScheduleKernel(p.desc, target, n, p.inputShapes, p.outputShapes,
                                           o.threads);
        std::vector<Halide::Buffer<>> outs;
        double ms = timeKernel(k, p, target, &outs);
        double err = 0;
        for (size_t i = 0; i < outs.size(); ++i)
          err = std::max(err, relativeError(outs[i], reference[i]));
        if (err > 1e-4) {
          std::printf("%-34s %-14s wrong output (relative error %.2g): not counted\n",
                      p.name.c_str(), n.c_str(), err);
          continue;
        }
        std::printf("%-34s %-14s %9.3f ms %8s GFLOP/s\n", p.name.c_str(), n.c_str(), ms,
                    gflopsText(p, ms).c_str());
        csv.row(p.name + "," + n + "," + std::to_string(o.threads) + "," + fmt("%.4f", ms) +
                "," + gflopsText(p, ms));
      } catch (const std::exception &e) {
        std::string msg = e.what();
        std::replace(msg.begin(), msg.end(), '\n', ' ');
        std::printf("%-34s %-14s cannot schedule: %.200s\n", p.name.c_str(), n.c_str(),
                    msg.c_str());
      }
    }
    std::fflush(stdout);
  }
  return 0;
}

int runTuning(const Options &o, const std::vector<TuneProblem> &problems,
              const Halide::Target &target) {
  TuningDb db;
  std::string warning;
  if (!db.load(o.db, warning)) {
    std::fprintf(stderr, "asr-tune: error: %s\n(move it away to start a new database)\n",
                 warning.c_str());
    return 1;
  }
  if (!warning.empty())
    std::fprintf(stderr, "asr-tune: warning: %s\n", warning.c_str());
  CsvFile trace(o.trace, "kernel,threads,elapsed_s,trial,best_ms,best_gflops");
  CsvFile csv(o.csv, "kernel,impl,threads,time_ms,gflops");
  // The budget follows the work: each kernel's share grows with sqrt(FLOPs)
  // (kernels without a FLOP count weigh as 1 MFLOP); what one kernel leaves
  // unused goes to the next.
  std::vector<double> weight;
  for (const TuneProblem &p : problems)
    weight.push_back(std::sqrt(std::max(p.flops, 1e6)));
  const std::string targetName = target.to_string();
  auto t0 = std::chrono::steady_clock::now();
  double gainLog = 0;
  int tuned = 0, kept = 0;
  std::fprintf(stderr, "asr-tune: %zu kernels, budget %.0f s, %d thread%s, target %s\n",
               problems.size(), o.budgetS, o.threads, o.threads == 1 ? "" : "s",
               targetName.c_str());
  for (size_t i = 0; i < problems.size(); ++i) {
    const TuneProblem &p = problems[i];
    double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double restWeight = 0;
    for (size_t j = i; j < problems.size(); ++j)
      restWeight += weight[j];
    double share = std::max(0.0, o.budgetS - used) * weight[i] / restWeight;
    const TuningEntry *previous = db.find(p.desc.key(), targetName);
    std::string head = "[" + std::to_string(i + 1) + "/" + std::to_string(problems.size()) +
                       "] " + p.name;
    ProgressLine bar(o.progress);
    TuneOptions topts;
    topts.budgetSeconds = share;
    topts.seed = o.seed;
    topts.threads = o.threads;
    topts.onTrial = [&](const TuneProgress &g) {
      int filled = static_cast<int>(20 * std::min(1.0, g.elapsedS / std::max(g.budgetS, 1e-9)));
      bar.show(head + " [" + std::string(filled, '#') + std::string(20 - filled, '.') + "] " +
               "trial " + std::to_string(g.trials) + "  best " + fmt("%.3f", g.bestMs) +
               " ms (" + fmt("%.2f", g.defaultMs / g.bestMs) + "x)");
    };
    topts.onImprove = [&](const TuneProgress &g) {
      trace.row(p.name + "," + std::to_string(o.threads) + "," + fmt("%.2f", g.elapsedS) + "," +
                std::to_string(g.trials) + "," + fmt("%.4f", g.bestMs) + "," +
                gflopsText(p, g.bestMs));
    };
    TuneResult r = tuneKernel(p, target, topts, previous);
    bar.clear();
    if (!r.ok) {
      std::fprintf(stderr, "%s: not tuned: %s\n", head.c_str(), r.error.c_str());
      continue;
    }
    if (previous && r.progress.trials == 0) {
      std::fprintf(stderr, "%s: no time left in the budget; the stored entry is kept\n",
                   head.c_str());
      ++kept;
      continue;
    }
    TuningEntry &e = r.entry;
    std::string resumed;
    if (previous) { // accumulate over runs
      resumed = ", resumed after " + std::to_string(previous->trials) + " trials";
      e.trials += previous->trials;
      e.searchSeconds += previous->searchSeconds;
      e.seed = previous->seed;
    }
    db.put(e);
    std::string error;
    if (!db.save(o.db, error)) {
      std::fprintf(stderr, "asr-tune: error: %s\n", error.c_str());
      return 1;
    }
    ++tuned;
    gainLog += std::log(e.defaultTimeMs / e.timeMs);
    std::fprintf(stderr,
                 "%s: default %.3f ms -> %.3f ms (%.2fx%s), %d trials (%d rejected by Halide, "
                 "%d wrong output) in %.0f s%s\n",
                 head.c_str(), e.defaultTimeMs, e.timeMs, e.defaultTimeMs / e.timeMs,
                 p.flops > 0 ? (", " + gflopsText(p, e.timeMs) + " GFLOP/s").c_str() : "",
                 r.progress.trials, r.progress.failed, r.progress.mismatched, r.progress.elapsedS,
                 resumed.c_str());
    csv.row(p.name + ",default," + std::to_string(o.threads) + "," +
            fmt("%.4f", e.defaultTimeMs) + "," + gflopsText(p, e.defaultTimeMs));
    csv.row(p.name + ",tuned," + std::to_string(o.threads) + "," + fmt("%.4f", e.timeMs) + "," +
            gflopsText(p, e.timeMs));
  }
  if (tuned)
    std::fprintf(stderr, "asr-tune: %d kernels tuned into %s, geometric-mean speedup %.2fx\n",
                 tuned, o.db.c_str(), std::exp(gainLog / tuned));
  return tuned + kept == static_cast<int>(problems.size()) ? 0 : 1;
}

/// true when one of the comma-separated `texts` is in k's key or function.
bool mentions(const std::string &texts, const ModelKernel &k) {
  std::stringstream ss(texts);
  for (std::string t; std::getline(ss, t, ',');)
    if (!t.empty() && (k.desc.key().find(t) != std::string::npos ||
                       k.function.find(t) != std::string::npos))
      return true;
  return false;
}

} // namespace

int main(int argc, char **argv) {
  Options o = parseArgs(argc, argv);
  // Before the first Halide pipeline runs (HALIDE-NOTES pitfall 11).
  setenv("HL_NUM_THREADS", std::to_string(o.threads).c_str(), 1);
  Halide::Target target = Halide::get_host_target();

  std::vector<TuneProblem> problems;
  if (!o.op.empty()) {
    problems.push_back(opProblem(o));
  } else {
    std::vector<ModelKernel> kernels;
    if (!modelKernels(o.spec, o.weights, kernels))
      return 1;
    int skipped = 0, unselected = 0;
    for (const ModelKernel &k : kernels) {
      if ((!o.only.empty() && !mentions(o.only, k)) || (!o.skip.empty() && mentions(o.skip, k))) {
        ++unselected;
        continue;
      }
      TuneProblem p;
      std::string why;
      if (!makeTuneProblem(k.desc, o.extents, p, why)) {
        ++skipped;
        if (o.list)
          std::printf("%-28s -        %s\n", k.function.c_str(), why.c_str());
        continue;
      }
      p.name = k.function;
      problems.push_back(p);
    }
    std::fprintf(stderr, "asr-tune: %s: %zu kernels, %zu tunable, %d keep their defaults",
                 o.spec.c_str(), kernels.size(), problems.size(), skipped);
    if (unselected)
      std::fprintf(stderr, ", %d not selected (--only/--skip)", unselected);
    std::fprintf(stderr, "\n");
  }
  if (o.list) {
    for (const TuneProblem &p : problems)
      std::printf("%-28s %8.3f GFLOP  %s\n    key: %s\n", p.name.c_str(), p.flops * 1e-9,
                  shapesText(p).c_str(), p.desc.key().c_str());
    return 0;
  }
  if (problems.empty()) {
    std::fprintf(stderr, "asr-tune: nothing to tune\n");
    return 1;
  }
  if (!o.autoschedule.empty())
    return runBaselines(o, problems, target);
  return runTuning(o, problems, target);
}
