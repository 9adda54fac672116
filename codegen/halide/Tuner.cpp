//===- Tuner.cpp - schedule search for one kernel -------------------------===//
//
// Shape rules for the tunable kinds, the knob space derived from the default
// knobs, timing of one schedule (JIT, in this process), and the search:
// random sampling, then evolutionary refinement of the best few.
//
//===----------------------------------------------------------------------===//
#include "codegen/halide/Tuner.h"
#include "codegen/halide/Kernels.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace asr::kernels {

using Clock = std::chrono::steady_clock;
using Knobs = std::map<std::string, int64_t>;

static double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

//===----------------------------------------------------------------------===//
// Problems: concrete shapes for a desc
//===----------------------------------------------------------------------===//

bool isTunableKind(KernelKind kind) {
  switch (kind) {
  case KernelKind::Matmul:
  case KernelKind::ScoreDot:
  case KernelKind::WeightedSum:
  case KernelKind::FusedAttention:
  case KernelKind::Conv1D:
  case KernelKind::Conv2D:
  case KernelKind::LayerNorm:
  case KernelKind::Softmax:
  case KernelKind::ScoreAdditive:
    return true;
  default:
    return false;
  }
}

namespace {

using Shape = std::vector<int64_t>;

bool isIntType(ElemType t) { return t == ElemType::I32 || t == ElemType::I64; }

int64_t product(const Shape &s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to; ++i)
    p *= s[i];
  return p;
}

/// The broadcast batch dims (all but the last two, aligned from the right).
Shape batchDims(const Shape &a, const Shape &b, size_t outRank) {
  Shape out(outRank - 2, 1);
  for (size_t p = 0; p + 2 < outRank; ++p) {
    size_t fromEnd = outRank - p;
    int64_t x = a.size() >= fromEnd ? a[a.size() - fromEnd] : 1;
    int64_t y = b.size() >= fromEnd ? b[b.size() - fromEnd] : 1;
    out[p] = std::max(x, y);
  }
  return out;
}

int64_t convOut(int64_t in, int64_t k, int64_t stride, int64_t pad, int64_t dil) {
  return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
}

} // namespace

bool makeTuneProblem(const KernelDesc &d, const DynamicExtents &ext, TuneProblem &p,
                     std::string &why) {
  if (!isTunableKind(d.kind)) {
    why = std::string(kindName(d.kind)) + " kernels keep their default schedule";
    return false;
  }
  for (const TensorDesc &t : d.inputs)
    if (t.type != ElemType::F32 && !isIntType(t.type)) {
      why = "only f32 kernels are tuned";
      return false;
    }
  p.desc = d;
  p.inputShapes.clear();
  p.outputShapes.clear();
  for (const TensorDesc &t : d.inputs) {
    Shape s = t.dims;
    for (size_t j = 0; j < s.size(); ++j)
      if (s[j] < 0)
        s[j] = (j == 0 && (s.size() >= 3 || (s.size() == 1 && isIntType(t.type))))
                   ? ext.batch
                   : ext.frames;
    p.inputShapes.push_back(s);
  }
  auto &in = p.inputShapes;
  // Decoder-step variants: one row (the caller's promise covers 1..max).
  if (d.kind == KernelKind::Matmul && d.getInt("max_m", -1) >= 1) {
    const TensorDesc &L = d.inputs[0];
    size_t m = L.rank() - (d.getInt("transpose_lhs") ? 1 : 2);
    if (L.dims[m] < 0)
      in[0][m] = 1;
  }
  if (d.kind == KernelKind::FusedAttention && d.getInt("max_lq") >= 1 &&
      d.inputs[0].dims[d.inputs[0].rank() - 2] < 0)
    in[0][in[0].size() - 2] = 1;

  auto require = [&](size_t nIn, size_t minRank) {
    if (in.size() < nIn) {
      why = std::string(kindName(d.kind)) + ": expected " + std::to_string(nIn) + " inputs";
      return false;
    }
    for (size_t i = 0; i < nIn; ++i)
      if (in[i].size() < minRank) {
        why = std::string(kindName(d.kind)) + ": input " + std::to_string(i) + " has rank " +
              std::to_string(in[i].size());
        return false;
      }
    return true;
  };
  Shape out;
  p.flops = 0;
  p.intFill = 1;
  switch (d.kind) {
  case KernelKind::Matmul:
  case KernelKind::ScoreDot:
  case KernelKind::WeightedSum: {
    if (!require(2, 2))
      return false;
    const Shape &L = in[0], &R = in[1];
    bool tl = d.kind == KernelKind::Matmul && d.getInt("transpose_lhs");
    bool tr = d.kind == KernelKind::ScoreDot ||
              (d.kind == KernelKind::Matmul && d.getInt("transpose_rhs"));
    size_t rank = std::max(L.size(), R.size());
    int64_t M = L[L.size() - (tl ? 1 : 2)], K = L[L.size() - (tl ? 2 : 1)];
    int64_t N = R[R.size() - (tr ? 2 : 1)];
    out = batchDims(L, R, rank);
    out.push_back(M);
    out.push_back(N);
    p.flops = 2.0 * product(out, 0, rank - 2) * M * N * K;
    break;
  }
  case KernelKind::FusedAttention: {
    bool additive = d.fn == "additive";
    size_t rank = additive ? 3 : 4;
    if (!require(3, rank))
      return false;
    const Shape &q = in[0], &k = in[1], &v = in[2];
    out = k;
    out[rank - 2] = q[rank - 2];
    out[rank - 1] = v[rank - 1];
    int64_t lk = k[rank - 2];
    p.intFill = lk;
    if (!additive)
      p.flops = 2.0 * product(out, 0, rank - 1) * lk * (q[rank - 1] + v[rank - 1]);
    p.outputShapes.push_back(out);
    if (d.getInt("return_probs")) {
      Shape probs = out;
      probs[rank - 1] = lk;
      p.outputShapes.push_back(probs);
    }
    break;
  }
  case KernelKind::Conv1D: {
    if (!require(2, 3))
      return false;
    const Shape &x = in[0], &w = in[1];
    int64_t t = convOut(x[1], w[2], d.getInt("stride", 1), d.getInt("padding", 0),
                        d.getInt("dilation", 1));
    out = {x[0], t, w[0]};
    p.flops = 2.0 * x[0] * t * w[0] * w[1] * w[2];
    break;
  }
  case KernelKind::Conv2D: {
    if (!require(2, 4))
      return false;
    const Shape &x = in[0], &w = in[1];
    auto list = [&](const char *name, size_t i, int64_t dflt) {
      auto it = d.lists.find(name);
      return it != d.lists.end() && it->second.size() > i ? it->second[i] : dflt;
    };
    int64_t h = convOut(x[2], w[2], list("stride", 0, 1), list("padding", 0, 0),
                        list("dilation", 0, 1));
    int64_t wo = convOut(x[3], w[3], list("stride", 1, 1), list("padding", 1, 0),
                         list("dilation", 1, 1));
    out = {x[0], w[0], h, wo};
    p.flops = 2.0 * x[0] * w[0] * h * wo * w[1] * w[2] * w[3];
    break;
  }
  case KernelKind::LayerNorm:
  case KernelKind::Softmax: {
    if (!require(1, 1))
      return false;
    out = in[0];
    p.intFill = out.back();
    p.flops = (d.kind == KernelKind::LayerNorm ? 8.0 : 5.0) * product(out, 0, out.size());
    break;
  }
  case KernelKind::ScoreAdditive: {
    if (!require(2, 3))
      return false;
    out = {in[1][0], in[0][1], in[1][1]};
    p.flops = 2.0 * out[0] * out[1] * out[2] * in[0][2];
    break;
  }
  default:
    break;
  }
  if (p.outputShapes.empty())
    p.outputShapes.push_back(out);
  // Static output dims the desc states must agree with the rule.
  if (p.outputShapes.size() != d.outputs.size()) {
    why = std::string(kindName(d.kind)) + ": output count mismatch";
    return false;
  }
  for (size_t o = 0; o < d.outputs.size(); ++o) {
    const Shape &want = d.outputs[o].dims;
    if (want.size() != p.outputShapes[o].size()) {
      why = std::string(kindName(d.kind)) + ": output rank mismatch";
      return false;
    }
    for (size_t j = 0; j < want.size(); ++j)
      if (want[j] >= 0 && want[j] != p.outputShapes[o][j]) {
        why = std::string(kindName(d.kind)) + ": output dim " + std::to_string(j) + " is " +
              std::to_string(want[j]) + ", the shape rule gives " +
              std::to_string(p.outputShapes[o][j]);
        return false;
      }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Buffers and timing
//===----------------------------------------------------------------------===//

static Halide::Type halideTypeOf(ElemType t) {
  switch (t) {
  case ElemType::I32: return Halide::Int(32);
  case ElemType::I64: return Halide::Int(64);
  default: return Halide::Float(32);
  }
}

/// A row-major shape as Halide extents (innermost first).
static std::vector<int> halideExtents(const Shape &s) {
  std::vector<int> e;
  for (auto it = s.rbegin(); it != s.rend(); ++it)
    e.push_back(static_cast<int>(*it));
  return e;
}

std::vector<Halide::Buffer<>> makeInputs(const TuneProblem &p, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<Halide::Buffer<>> bufs;
  for (size_t i = 0; i < p.inputShapes.size(); ++i) {
    ElemType t = p.desc.inputs[i].type;
    Halide::Buffer<> b(halideTypeOf(t), halideExtents(p.inputShapes[i]));
    if (t == ElemType::I32)
      b.as<int32_t>().fill(static_cast<int32_t>(p.intFill));
    else if (t == ElemType::I64)
      b.as<int64_t>().fill(p.intFill);
    else
      b.as<float>().for_each_value([&](float &v) { v = u(rng); });
    bufs.push_back(b);
  }
  return bufs;
}

double relativeError(const Halide::Buffer<> &a, const Halide::Buffer<> &b) {
  Halide::Buffer<float> fa = a.as<float>(), fb = b.as<float>();
  if (fa.number_of_elements() != fb.number_of_elements())
    return INFINITY;
  const float *pa = fa.data(), *pb = fb.data();
  double maxRef = 1, maxDiff = 0;
  for (size_t i = 0, n = fa.number_of_elements(); i < n; ++i) {
    if (std::isnan(pa[i]) != std::isnan(pb[i]))
      return INFINITY;
    maxRef = std::max(maxRef, std::fabs(static_cast<double>(pb[i])));
    maxDiff = std::max(maxDiff, std::fabs(static_cast<double>(pa[i]) - pb[i]));
  }
  return maxDiff / maxRef;
}

namespace {

/// One kernel's inputs and output buffers, reused by every candidate.
class Bench {
public:
  Bench(const TuneProblem &p, const Halide::Target &target, uint64_t seed)
      : problem(p), target(target), inputs(makeInputs(p, seed)) {
    for (const Shape &s : p.outputShapes)
      outputs.emplace_back(Halide::Float(32), halideExtents(s));
  }

  /// Median ms over enough runs (>= 3, about 0.15 s, one when the first run
  /// is 3x slower than `cutoffMs`). Throws when Halide rejects the schedule.
  double time(const Knobs &knobs, double cutoffMs = 0) {
    Schedule sched{knobs};
    BuiltKernel k = buildKernel(problem.desc, target, &sched);
    return time(k, cutoffMs);
  }

  double time(BuiltKernel &k, double cutoffMs = 0) {
    for (size_t i = 0; i < inputs.size(); ++i)
      k.inputs[i].set(inputs[i]);
    k.pipeline.compile_jit(target);
    Halide::Realization r(outputs);
    k.pipeline.realize(r); // warm-up, and the output checked by the caller
    auto t0 = Clock::now();
    k.pipeline.realize(r);
    double first = secondsSince(t0);
    int runs = static_cast<int>(std::clamp(0.15 / std::max(first, 1e-6), 3.0, 30.0));
    if (cutoffMs > 0 && first * 1e3 > 3 * cutoffMs)
      runs = 1;
    std::vector<double> times{first};
    for (int i = 1; i < runs; ++i) {
      auto s = Clock::now();
      k.pipeline.realize(r);
      times.push_back(secondsSince(s));
    }
    std::sort(times.begin(), times.end());
    size_t n = times.size();
    double med = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    return med * 1e3;
  }

  const TuneProblem &problem;
  Halide::Target target;
  std::vector<Halide::Buffer<>> inputs;
  std::vector<Halide::Buffer<>> outputs;
};

std::vector<Halide::Buffer<>> copies(const std::vector<Halide::Buffer<>> &bufs) {
  std::vector<Halide::Buffer<>> out;
  for (const Halide::Buffer<> &b : bufs)
    out.push_back(b.copy());
  return out;
}

} // namespace

double timeSchedule(const TuneProblem &problem, const Halide::Target &target,
                    const Knobs &knobs, std::vector<Halide::Buffer<>> *outputs) {
  Schedule sched{knobs};
  BuiltKernel kernel = buildKernel(problem.desc, target, &sched);
  return timeKernel(kernel, problem, target, outputs);
}

double timeKernel(BuiltKernel &kernel, const TuneProblem &problem, const Halide::Target &target,
                  std::vector<Halide::Buffer<>> *outputs) {
  Bench bench(problem, target, /*seed=*/1);
  double ms = bench.time(kernel);
  if (outputs)
    *outputs = copies(bench.outputs);
  return ms;
}

//===----------------------------------------------------------------------===//
// The knob space
//===----------------------------------------------------------------------===//

namespace {

/// Knobs that switch a schedule feature on or off.
bool isFlagKnob(const std::string &name) {
  static const std::set<std::string> flags = {
      "parallel", "pack_rhs", "panels_outer", "hoist_buffers", "gemv", "gemv_stage", "decode"};
  return flags.count(name) != 0;
}

/// Knobs that must be a multiple of another knob (rounded after sampling).
const std::vector<std::pair<std::string, std::string>> &multipleOf() {
  static const std::vector<std::pair<std::string, std::string>> rules = {
      {"block_n", "vector_width"}, {"tile_n", "block_n"}, {"gemv_tile", "gemv_block"}};
  return rules;
}

/// Pairs of knobs whose product sizes one per-task buffer (the attention's
/// scores and exps of one query tile x one key block): kept at most 4x the
/// default product, so a tuned kernel's stack frame stays within 4x the
/// default's (a 4 MB frame overflowed a thread stack during a search).
const std::vector<std::pair<std::string, std::string>> &bufferProducts() {
  static const std::vector<std::pair<std::string, std::string>> pairs = {
      {"query_tile", "key_block"}};
  return pairs;
}

} // namespace

bool withinBufferLimits(const Knobs &k, const Knobs &defaults) {
  for (const auto &[a, b] : bufferProducts()) {
    auto ia = k.find(a), ib = k.find(b), da = defaults.find(a), db = defaults.find(b);
    if (ia == k.end() || ib == k.end() || da == defaults.end() || db == defaults.end())
      continue;
    if (ia->second * ib->second > 4 * da->second * db->second)
      return false;
  }
  return true;
}

namespace {

void repair(Knobs &k) {
  for (const auto &[a, b] : multipleOf()) {
    auto ia = k.find(a), ib = k.find(b);
    if (ia == k.end() || ib == k.end() || ib->second < 1)
      continue;
    int64_t m = ib->second;
    ia->second = std::max<int64_t>(m, (ia->second + m / 2) / m * m);
  }
}

} // namespace

std::map<std::string, std::vector<int64_t>> searchSpace(const KernelDesc &desc,
                                                        const Halide::Target &target) {
  std::map<std::string, std::vector<int64_t>> space;
  for (const auto &[name, v] : defaultKnobs(desc, target)) {
    std::set<int64_t> vals{v};
    if (name == "naive") {
      continue;
    } else if (isFlagKnob(name)) {
      vals = {0, 1};
    } else if (name == "vector_width") {
      for (int64_t w : {v / 2, v, v * 2})
        if (w >= 4 && w <= 32)
          vals.insert(w);
    } else if (v <= 16) {
      for (int64_t w : {1, 2, 3, 4, 6, 8, 12, 16, 24, 32})
        if (w <= std::max<int64_t>(4 * v, 8))
          vals.insert(w);
    } else {
      // At most 2x the default: tiles and blocks size per-task buffers,
      // which live on the stack of the calling or worker thread.
      for (double f : {0.125, 0.25, 0.5, 0.75, 1.5, 2.0})
        vals.insert(std::max<int64_t>(1, std::llround(v * f)));
    }
    space[name] = std::vector<int64_t>(vals.begin(), vals.end());
  }
  return space;
}

//===----------------------------------------------------------------------===//
// The search
//===----------------------------------------------------------------------===//

std::string machineDescription() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos)
        model = line.substr(line.find_first_not_of(" \t", colon + 1));
      break;
    }
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores";
}

static std::string utcNow() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

namespace {

class Search {
public:
  Search(const TuneProblem &p, const Halide::Target &target, const TuneOptions &o,
         const TuningEntry *previous)
      : problem(p), target(target), opts(o), bench(p, target, /*seed=*/1),
        defaults(defaultKnobs(p.desc, target)), space(searchSpace(p.desc, target)),
        rng(o.seed + (previous ? static_cast<uint64_t>(previous->trials) * 7919 : 0)) {
    if (previous)
      for (const TunedSchedule &s : previous->population) {
        Knobs k = defaults;
        for (const auto &[n, v] : s.knobs)
          if (k.count(n))
            k[n] = v;
        seeds.push_back(k);
      }
  }

  TuneResult run() {
    TuneResult res;
    start = Clock::now();
    prog.budgetS = opts.budgetSeconds;
    // The default: the reference output and the time to beat.
    try {
      prog.defaultMs = bench.time(defaults);
    } catch (const std::exception &e) {
      res.error = std::string("the default schedule does not run: ") + e.what();
      return res;
    }
    reference = copies(bench.outputs);
    seen.insert(defaults);
    record(defaults, prog.defaultMs);
    prog.bestMs = prog.defaultMs;
    if (opts.onImprove)
      opts.onImprove(prog);
    // Resume: re-time the stored population (timings are per run).
    for (const Knobs &k : seeds)
      if (!budgetSpent() && withinBufferLimits(k, defaults))
        evaluate(k);
    double randomShare = seeds.empty() ? 0.4 : 0.15;
    while (!budgetSpent()) {
      bool randomPhase = secondsSince(start) < randomShare * opts.budgetSeconds ||
                         population.size() < 2;
      evaluate(randomPhase ? fresh([&] { return sample(); }) : fresh([&] { return refine(); }));
    }
    res.progress = prog;
    res.progress.elapsedS = secondsSince(start);
    res.ok = true;
    TuningEntry &e = res.entry;
    e.key = problem.desc.key();
    e.shapeClass = shapeClassKey(problem.desc);
    e.target = target.to_string();
    e.kind = kindName(problem.desc.kind);
    e.knobs = diff(population.front().knobs);
    e.timeMs = population.front().timeMs;
    e.defaultTimeMs = prog.defaultMs;
    e.gflops = problem.flops > 0 ? problem.flops / (e.timeMs * 1e-3) * 1e-9 : 0;
    e.shapes = problem.inputShapes;
    e.shapes.insert(e.shapes.end(), problem.outputShapes.begin(), problem.outputShapes.end());
    e.threads = opts.threads;
    e.trials = prog.trials;
    e.seed = opts.seed;
    e.searchSeconds = res.progress.elapsedS;
    e.machine = machineDescription();
    e.asrcVersion = asrcVersion();
    e.date = utcNow();
    for (const TunedSchedule &s : population)
      e.population.push_back({diff(s.knobs), s.timeMs});
    return res;
  }

private:
  bool budgetSpent() const {
    // At least one candidate, even when timing the default took the whole
    // budget (a loaded machine, a sanitizer build); then stop when the next
    // candidate would likely end past the budget.
    if (prog.trials == 0)
      return false;
    double perTrial = prog.trials ? secondsSince(start) / (prog.trials + 1) : 0;
    return secondsSince(start) + 0.5 * perTrial >= opts.budgetSeconds;
  }

  Knobs diff(const Knobs &k) const {
    Knobs d;
    for (const auto &[n, v] : k)
      if (defaults.at(n) != v)
        d[n] = v;
    return d;
  }

  int64_t pick(const std::vector<int64_t> &vals) {
    return vals[std::uniform_int_distribution<size_t>(0, vals.size() - 1)(rng)];
  }

  /// Each knob: the default with probability 1/2, else uniform in its values.
  Knobs sample() {
    Knobs k = defaults;
    for (const auto &[n, vals] : space)
      if (std::bernoulli_distribution(0.5)(rng))
        k[n] = pick(vals);
    repair(k);
    return k;
  }

  void mutate(Knobs &k) {
    std::uniform_real_distribution<double> u(0, 1);
    double r = u(rng);
    int changes = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
    for (int c = 0; c < changes; ++c) {
      auto it = space.begin();
      std::advance(it, std::uniform_int_distribution<size_t>(0, space.size() - 1)(rng));
      const std::vector<int64_t> &vals = it->second;
      if (u(rng) < 0.7) { // a neighbouring value
        size_t i = std::lower_bound(vals.begin(), vals.end(), k[it->first]) - vals.begin();
        bool up = (u(rng) < 0.5 && i + 1 < vals.size()) || i == 0;
        i = up ? std::min(i + 1, vals.size() - 1) : i - 1;
        k[it->first] = vals[i];
      } else {
        k[it->first] = pick(vals);
      }
    }
    repair(k);
  }

  /// A parent by tournament of two (lower time wins).
  const Knobs &parent() {
    std::uniform_int_distribution<size_t> d(0, population.size() - 1);
    size_t a = d(rng), b = d(rng);
    return population[std::min(a, b)].knobs; // the population is sorted
  }

  Knobs refine() {
    Knobs child = parent();
    if (population.size() >= 2 && std::bernoulli_distribution(0.2)(rng)) {
      const Knobs &other = parent();
      for (auto &[n, v] : child)
        if (std::bernoulli_distribution(0.5)(rng))
          v = other.at(n);
      if (std::bernoulli_distribution(0.5)(rng))
        mutate(child);
      repair(child);
    } else {
      mutate(child);
    }
    return child;
  }

  /// A candidate not measured yet and within the buffer limits (up to 64
  /// tries of `gen`, then of sample(); the default if nothing is left).
  template <typename Gen> Knobs fresh(Gen gen) {
    for (int i = 0; i < 128; ++i) {
      Knobs k = i < 64 ? gen() : sample();
      if (!seen.count(k) && withinBufferLimits(k, defaults))
        return k;
    }
    return defaults;
  }

  void evaluate(const Knobs &k) {
    seen.insert(k);
    ++prog.trials;
    double ms = 0;
    try {
      ms = bench.time(k, prog.bestMs);
      bool ok = true;
      for (size_t i = 0; i < reference.size(); ++i)
        ok = ok && relativeError(bench.outputs[i], reference[i]) <= 1e-4;
      if (!ok) {
        ++prog.mismatched;
        ms = 0;
      }
    } catch (const std::exception &) {
      ++prog.failed;
    }
    prog.elapsedS = secondsSince(start);
    if (ms > 0) {
      record(k, ms);
      if (ms < prog.bestMs) {
        prog.bestMs = ms;
        if (opts.onImprove)
          opts.onImprove(prog);
      }
    }
    if (opts.onTrial)
      opts.onTrial(prog);
  }

  void record(const Knobs &k, double ms) {
    population.push_back({k, ms});
    std::stable_sort(population.begin(), population.end(),
                     [](const TunedSchedule &a, const TunedSchedule &b) {
                       return a.timeMs < b.timeMs;
                     });
    if (population.size() > static_cast<size_t>(std::max(opts.populationSize, 1)))
      population.pop_back();
  }

  const TuneProblem &problem;
  Halide::Target target;
  const TuneOptions &opts;
  Bench bench;
  Knobs defaults;
  std::map<std::string, std::vector<int64_t>> space;
  std::mt19937_64 rng;
  std::vector<Knobs> seeds;
  std::vector<Halide::Buffer<>> reference;
  std::set<Knobs> seen;
  std::vector<TunedSchedule> population; ///< best first
  TuneProgress prog;
  Clock::time_point start;
};

} // namespace

namespace {

/// While alive: Halide's compile-time warnings about candidates (e.g. "this
/// pipeline is guaranteed to fail an assertion") are dropped, since the
/// search rejects such candidates anyway; errors still throw.
class QuietHalideWarnings : public Halide::CompileTimeErrorReporter {
public:
  QuietHalideWarnings() { Halide::set_custom_compile_time_error_reporter(this); }
  ~QuietHalideWarnings() override { Halide::set_custom_compile_time_error_reporter(nullptr); }
  void warning(const char *) override {}
  void error(const char *msg) override { throw Halide::CompileError(msg); }
};

} // namespace

TuneResult tuneKernel(const TuneProblem &problem, const Halide::Target &target,
                      const TuneOptions &options, const TuningEntry *previous) {
  QuietHalideWarnings quiet;
  try {
    Search search(problem, target, options, previous);
    return search.run();
  } catch (const std::exception &e) {
    TuneResult r;
    r.error = e.what();
    return r;
  }
}

} // namespace asr::kernels
