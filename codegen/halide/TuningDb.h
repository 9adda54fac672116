//===- TuningDb.h - the kernel tuning database ------------------*- C++ -*-===//
//
// A JSON file of tuned kernel schedules (docs/tuning-db.md): asr-tune writes
// it, `asrc --tuning-db FILE` reads it. Each entry is the knob map
// (Kernels.h, Schedule) that was fastest for one kernel on one target, with
// how it was measured.
//
// Keys. An entry is found for a kernel by, in order:
//  1. exact: KernelDesc::key() and the target string are equal;
//  2. shape class: shapeClassKey() and the target are equal. The shape class
//     is the key with each static dim replaced by its power-of-two bucket
//     (384 -> "<=512": one entry serves 257..512) and without the float
//     attributes (scales and epsilons do not change a schedule). Dynamic dims
//     stay '?': a kernel over a dynamic T is tuned once at a representative
//     T (recorded in the entry's "shapes") and serves every T.
//  3. none: the default schedule.
//
// Plain C++ and nlohmann/json: no Halide or MLIR types here.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_TUNINGDB_H
#define ASR_CODEGEN_HALIDE_TUNINGDB_H

#include "codegen/halide/KernelDesc.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asr::kernels {

/// The file format this asrc reads and writes ("version" in the file).
inline constexpr int kTuningDbVersion = 1;

/// One candidate schedule and its measured time (the search population).
struct TunedSchedule {
  std::map<std::string, int64_t> knobs;
  double timeMs = 0;
};

struct TuningEntry {
  std::string key;        ///< KernelDesc::key()
  std::string shapeClass; ///< shapeClassKey()
  std::string target;     ///< canonical Halide target string
  std::string kind;       ///< kindName(), for people reading the file
  /// The best schedule: only the knobs that differ from the defaults are
  /// stored, so that a later asrc with new knobs keeps their defaults.
  std::map<std::string, int64_t> knobs;
  double timeMs = 0;        ///< the best schedule, median of the runs
  double defaultTimeMs = 0; ///< the default schedule, same shapes and run
  double gflops = 0;        ///< at timeMs (0 when the kind has no FLOP count)
  /// The row-major shapes timed: the inputs, then the outputs.
  std::vector<std::vector<int64_t>> shapes;
  int threads = 1;      ///< HL_NUM_THREADS during timing
  int64_t trials = 0;   ///< candidates measured so far (over all runs)
  uint64_t seed = 0;    ///< the search seed of the first run
  double searchSeconds = 0; ///< tuning time spent on this key so far
  std::string machine;      ///< CPU model name and core count
  std::string asrcVersion;  ///< the asrc that measured it
  std::string date;         ///< UTC, ISO 8601, of the last update
  /// The best few schedules found (to resume the search), best first.
  std::vector<TunedSchedule> population;
};

enum class TuningMatch { None, Exact, ShapeClass };

class TuningDb {
public:
  /// Reads `path`. A missing file is an empty database (returns true, no
  /// warning: asr-tune starts one). A file that cannot be parsed, is not a
  /// tuning database, or has another version returns false with `warning`
  /// saying what and where; the database is then empty, so callers fall back
  /// to default schedules. Malformed entries are skipped with a warning.
  bool load(const std::string &path, std::string &warning);
  /// Writes the database (atomically: a temporary file renamed over `path`).
  bool save(const std::string &path, std::string &error) const;

  /// The entry for `desc` on `target`: exact key first, then shape class.
  const TuningEntry *lookup(const KernelDesc &desc, const std::string &target,
                            TuningMatch *how = nullptr) const;
  /// The entry with exactly this key and target, if any.
  const TuningEntry *find(const std::string &key, const std::string &target) const;
  /// Inserts or replaces the entry with the same key and target.
  void put(const TuningEntry &entry);

  const std::vector<TuningEntry> &entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

private:
  std::vector<TuningEntry> entries_;
};

/// The shape-class key of `desc` (see the file comment).
std::string shapeClassKey(const KernelDesc &desc);

/// "<=N": the power-of-two bucket of a static dim d >= 1 (N = the smallest
/// power of two >= d).
std::string dimBucket(int64_t d);

/// "0.1.0+<git hash>" (the commit the build was configured at): the version
/// written into entries.
const char *asrcVersion();

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_TUNINGDB_H
