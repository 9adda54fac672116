//===- TuningTest.cpp - the tuning database and the schedule search -------===//
//
// TuningDb: a save/load round trip, lookup by exact key, by shape class and
// a miss; a corrupt, foreign or version-mismatched file gives a warning and
// an empty database, a bad entry is skipped; compileKernelObject falls back
// to the default schedule when an entry does not apply.
// Tuner: a short seeded search on a small matmul produces an entry whose
// schedule builds and whose output matches a plain loop and the default
// schedule's.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Compile.h"
#include "codegen/halide/Kernels.h"
#include "codegen/halide/Tuner.h"
#include "codegen/halide/TuningDb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace asr::kernels;

namespace {

TensorDesc f32(std::vector<int64_t> dims) { return {ElemType::F32, std::move(dims)}; }

/// A Linear as asrc emits it: [B, T, K] x [N, K]^T.
KernelDesc linear(int64_t K, int64_t N) {
  KernelDesc d{KernelKind::Matmul};
  d.inputs = {f32({-1, -1, K}), f32({N, K})};
  d.outputs = {f32({-1, -1, N})};
  d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
  return d;
}

std::string tempPath(const std::string &name) {
  const char *dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/asrc-tuning-" + std::to_string(getpid()) + "-" +
         name;
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TuningEntry entryFor(const KernelDesc &d, const std::string &target) {
  TuningEntry e;
  e.key = d.key();
  e.shapeClass = shapeClassKey(d);
  e.target = target;
  e.kind = kindName(d.kind);
  e.knobs = {{"block_m", 6}, {"tile_n", 64}};
  e.timeMs = 1.5;
  e.defaultTimeMs = 2.0;
  e.gflops = 100;
  e.shapes = {{1, 1500, 384}, {1536, 384}, {1, 1500, 1536}};
  e.threads = 2;
  e.trials = 40;
  e.seed = 7;
  e.searchSeconds = 12.5;
  e.machine = "test CPU, 2 cores";
  e.asrcVersion = asrcVersion();
  e.date = "2026-11-25T00:00:00Z";
  e.population = {{e.knobs, 1.5}, {{{"block_m", 4}}, 1.6}};
  return e;
}

const std::string kTarget = "x86-64-linux-avx2-fma";

TEST(TuningDb, SaveLoadRoundTrip) {
  TuningDb db;
  db.put(entryFor(linear(384, 1536), kTarget));
  db.put(entryFor(linear(1536, 384), kTarget));
  std::string path = tempPath("roundtrip.json"), error, warning;
  ASSERT_TRUE(db.save(path, error)) << error;
  TuningDb back;
  ASSERT_TRUE(back.load(path, warning)) << warning;
  EXPECT_EQ(warning, "");
  ASSERT_EQ(back.entries().size(), 2u);
  const TuningEntry &a = db.entries()[0], &b = back.entries()[0];
  EXPECT_EQ(b.key, a.key);
  EXPECT_EQ(b.shapeClass, a.shapeClass);
  EXPECT_EQ(b.target, a.target);
  EXPECT_EQ(b.kind, "Matmul");
  EXPECT_EQ(b.knobs, a.knobs);
  EXPECT_DOUBLE_EQ(b.timeMs, 1.5);
  EXPECT_DOUBLE_EQ(b.defaultTimeMs, 2.0);
  EXPECT_EQ(b.shapes, a.shapes);
  EXPECT_EQ(b.threads, 2);
  EXPECT_EQ(b.trials, 40);
  EXPECT_EQ(b.seed, 7u);
  EXPECT_EQ(b.machine, a.machine);
  EXPECT_EQ(b.asrcVersion, a.asrcVersion);
  ASSERT_EQ(b.population.size(), 2u);
  EXPECT_EQ(b.population[1].knobs, (std::map<std::string, int64_t>{{"block_m", 4}}));
  std::remove(path.c_str());
}

TEST(TuningDb, LookupExactShapeClassAndMiss) {
  TuningDb db;
  db.put(entryFor(linear(384, 1536), kTarget));
  TuningMatch how;
  // The same kernel: exact.
  const TuningEntry *e = db.lookup(linear(384, 1536), kTarget, &how);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(how, TuningMatch::Exact);
  // 320 x 1100 is in the buckets of 384 x 1536 (<=512, <=2048).
  e = db.lookup(linear(320, 1100), kTarget, &how);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(how, TuningMatch::ShapeClass);
  EXPECT_EQ(e->key, linear(384, 1536).key());
  // 600 is past the <=512 bucket; another target; another kind.
  EXPECT_EQ(db.lookup(linear(600, 1536), kTarget, &how), nullptr);
  EXPECT_EQ(how, TuningMatch::None);
  EXPECT_EQ(db.lookup(linear(384, 1536), "x86-64-linux", &how), nullptr);
  KernelDesc ln{KernelKind::LayerNorm};
  ln.inputs = {f32({-1, -1, 384}), f32({384}), f32({384})};
  ln.outputs = {f32({-1, -1, 384})};
  EXPECT_EQ(db.lookup(ln, kTarget), nullptr);
  // Attributes are part of the class: transpose_rhs differs.
  KernelDesc other = linear(384, 1536);
  other.ints["transpose_rhs"] = 0;
  other.inputs[1] = f32({384, 1536});
  EXPECT_EQ(db.lookup(other, kTarget), nullptr);
}

TEST(TuningDb, ShapeClassBuckets) {
  EXPECT_EQ(dimBucket(1), "<=1");
  EXPECT_EQ(dimBucket(384), "<=512");
  EXPECT_EQ(dimBucket(512), "<=512");
  EXPECT_EQ(dimBucket(513), "<=1024");
  EXPECT_EQ(shapeClassKey(linear(384, 1536)),
            "Matmul(f32[?x?x<=512],f32[<=2048x<=512])->(f32[?x?x<=2048]) transpose_lhs=0 "
            "transpose_rhs=1");
  // Floats (scale, epsilon) are not part of the class.
  KernelDesc a = linear(384, 1536), b = a;
  b.floats["scale"] = 0.5;
  EXPECT_EQ(shapeClassKey(a), shapeClassKey(b));
  EXPECT_NE(a.key(), b.key());
}

TEST(TuningDb, MissingFileIsEmpty) {
  TuningDb db;
  std::string warning;
  EXPECT_TRUE(db.load(tempPath("does-not-exist.json"), warning));
  EXPECT_EQ(warning, "");
  EXPECT_TRUE(db.empty());
}

TEST(TuningDb, CorruptOrMismatchedFilesWarnAndFallBack) {
  struct Case {
    const char *text;
    const char *expect;
  } cases[] = {
      {"{\"format\": \"asrc-tuning-db\", \"version\": 1, \"entr", "not valid JSON"},
      {"", "not valid JSON"},
      {"[1, 2, 3]", "not an asrc tuning database"},
      {"{\"format\": \"something-else\", \"version\": 1, \"entries\": []}",
       "not an asrc tuning database"},
      {"{\"format\": 5, \"version\": 1, \"entries\": []}", "not an asrc tuning database"},
      {"{\"format\": \"asrc-tuning-db\", \"version\": \"1\", \"entries\": []}",
       "tuning database version \"1\", this asrc reads version 1"},
      {"{\"format\": \"asrc-tuning-db\", \"version\": 99, \"entries\": []}",
       "tuning database version 99, this asrc reads version 1"},
      {"{\"format\": \"asrc-tuning-db\", \"entries\": []}", "tuning database version (none)"},
      {"{\"format\": \"asrc-tuning-db\", \"version\": 1, \"entries\": 5}",
       "\"entries\" is missing or not a list"},
  };
  std::string path = tempPath("corrupt.json");
  for (const Case &c : cases) {
    // A database with an entry already: load must clear it.
    TuningDb db;
    db.put(entryFor(linear(384, 1536), kTarget));
    writeFile(path, c.text);
    std::string warning;
    EXPECT_FALSE(db.load(path, warning)) << c.text;
    EXPECT_NE(warning.find(c.expect), std::string::npos) << warning;
    EXPECT_NE(warning.find(path), std::string::npos) << warning;
    EXPECT_TRUE(db.empty());
    EXPECT_EQ(db.lookup(linear(384, 1536), kTarget), nullptr);
  }
  std::remove(path.c_str());
}

TEST(TuningDb, BadEntriesAreSkipped) {
  std::string path = tempPath("bad-entry.json");
  std::string good = "{\"key\": \"" + linear(384, 1536).key() + "\", \"target\": \"" + kTarget +
                     "\", \"knobs\": {\"block_m\": 4}}";
  writeFile(path, "{\"format\": \"asrc-tuning-db\", \"version\": 1, \"entries\": [" +
                      std::string("{\"key\": \"k\", \"target\": \"t\", \"knobs\": {\"block_m\": "
                                  "\"four\"}},") +
                      "{\"target\": \"t\", \"knobs\": {}}, 17, " + good + "]}");
  TuningDb db;
  std::string warning;
  EXPECT_TRUE(db.load(path, warning));
  EXPECT_NE(warning.find("entries[0]: \"knobs\": knob 'block_m' is not an integer"),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("entries[1]: no \"key\""), std::string::npos) << warning;
  EXPECT_NE(warning.find("entries[2]: not an object"), std::string::npos) << warning;
  ASSERT_EQ(db.entries().size(), 1u);
  EXPECT_EQ(db.entries()[0].knobs.at("block_m"), 4);
  std::remove(path.c_str());
}

TEST(TuningDb, CompileFallsBackWhenAnEntryDoesNotApply) {
  std::string target = Halide::get_host_target().to_string();
  KernelDesc d = linear(96, 80);
  TuningDb db;
  TuningEntry e = entryFor(d, target);
  e.knobs = {{"no_such_knob", 3}};
  db.put(e);
  CompileOptions options;
  options.tuningDb = &db;
  std::string obj = tempPath("fallback.o"), error;
  KernelScheduleReport report;
  ASSERT_TRUE(compileKernelObject(d, "k", obj, options, error, &report)) << error;
  EXPECT_EQ(report.match, TuningMatch::None);
  EXPECT_NE(report.warning.find("unknown schedule knob 'no_such_knob'"), std::string::npos)
      << report.warning;
  // A usable entry is taken.
  e.knobs = {{"block_m", 4}};
  db.put(e);
  ASSERT_TRUE(compileKernelObject(d, "k", obj, options, error, &report)) << error;
  EXPECT_EQ(report.match, TuningMatch::Exact);
  EXPECT_EQ(report.warning, "");
  std::remove(obj.c_str());
}

TEST(Tuner, ShortSearchGivesAValidEntry) {
  Halide::Target target = Halide::get_host_target();
  KernelDesc d = linear(96, 80);
  TuneProblem p;
  std::string why;
  DynamicExtents ext;
  ext.frames = 64;
  ASSERT_TRUE(makeTuneProblem(d, ext, p, why)) << why;
  EXPECT_EQ(p.inputShapes, (std::vector<std::vector<int64_t>>{{1, 64, 96}, {80, 96}}));
  EXPECT_EQ(p.outputShapes, (std::vector<std::vector<int64_t>>{{1, 64, 80}}));
  EXPECT_DOUBLE_EQ(p.flops, 2.0 * 64 * 80 * 96);

  TuneOptions opts;
  opts.budgetSeconds = 4;
  opts.seed = 3;
  int trials = 0;
  opts.onTrial = [&](const TuneProgress &) { ++trials; };
  TuneResult r = tuneKernel(p, target, opts, nullptr);
  ASSERT_TRUE(r.ok) << r.error;
  const TuningEntry &e = r.entry;
  EXPECT_EQ(e.key, d.key());
  EXPECT_EQ(e.shapeClass, shapeClassKey(d));
  EXPECT_EQ(e.target, target.to_string());
  EXPECT_GT(e.trials, 0);
  EXPECT_EQ(e.trials, trials);
  EXPECT_GT(e.timeMs, 0);
  EXPECT_LE(e.timeMs, e.defaultTimeMs); // the default is a candidate too
  EXPECT_FALSE(e.population.empty());
  EXPECT_EQ(e.population.front().knobs, e.knobs);
  for (const auto &[name, value] : e.knobs)
    EXPECT_TRUE(defaultKnobs(d, target).count(name)) << name;

  // The stored schedule builds and computes the same as a plain loop and as
  // the default schedule.
  std::vector<Halide::Buffer<>> tuned, dflt;
  timeSchedule(p, target, e.knobs, &tuned);
  timeSchedule(p, target, {}, &dflt);
  ASSERT_EQ(tuned.size(), 1u);
  EXPECT_LE(relativeError(tuned[0], dflt[0]), 1e-5);
  std::vector<Halide::Buffer<>> in = makeInputs(p, /*seed=*/1);
  Halide::Buffer<float> a = in[0].as<float>(), w = in[1].as<float>(),
                        out = tuned[0].as<float>();
  double maxErr = 0;
  for (int m = 0; m < 64; ++m)
    for (int n = 0; n < 80; ++n) {
      double ref = 0;
      for (int k = 0; k < 96; ++k)
        ref += static_cast<double>(a(k, m, 0)) * w(k, n);
      maxErr = std::max(maxErr, std::fabs(ref - out(n, m, 0)));
    }
  EXPECT_LE(maxErr, 1e-4);

  // Resuming from the entry: its population is re-timed first.
  TuneOptions again = opts;
  again.budgetSeconds = 2;
  TuneResult r2 = tuneKernel(p, target, again, &e);
  ASSERT_TRUE(r2.ok) << r2.error;
  EXPECT_LE(r2.entry.timeMs, r2.entry.defaultTimeMs);
}

TEST(Tuner, SearchSpaceAndUntunableKinds) {
  Halide::Target target = Halide::get_host_target();
  auto space = searchSpace(linear(384, 1536), target);
  EXPECT_EQ(space.count("naive"), 0u);
  ASSERT_EQ(space.count("parallel"), 1u);
  EXPECT_EQ(space["parallel"], (std::vector<int64_t>{0, 1}));
  for (const auto &[name, value] : defaultKnobs(linear(384, 1536), target)) {
    if (name == "naive")
      continue;
    ASSERT_EQ(space.count(name), 1u) << name;
    EXPECT_NE(std::find(space[name].begin(), space[name].end(), value), space[name].end())
        << name << ": the default is in its own space";
  }
  KernelDesc copy{KernelKind::Copy};
  copy.inputs = {f32({-1, 4})};
  copy.outputs = {f32({-1, 4})};
  TuneProblem p;
  std::string why;
  EXPECT_FALSE(makeTuneProblem(copy, {}, p, why));
  EXPECT_NE(why.find("Copy kernels keep their default schedule"), std::string::npos) << why;
}

} // namespace
