//===- Tuner.h - schedule search for one kernel -----------------*- C++ -*-===//
//
// The engine behind asr-tune. For one kernel (a KernelDesc plus concrete
// shapes for its dynamic dims) it JIT-compiles candidate schedules (knob
// maps, Kernels.h) in this process, checks each candidate's output against
// the default schedule's on the same random inputs, times it, and keeps the
// fastest. Search: random sampling of the knob space, then an evolutionary
// refinement of the best few (mutation of one or two knobs, crossover),
// seeded and within a time budget; a previous TuningEntry (its population)
// resumes the search where it stopped.
//
// HL_NUM_THREADS must be set before the first kernel runs (HALIDE-NOTES
// pitfall 11): asr-tune sets it from --threads at start-up.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_TUNER_H
#define ASR_CODEGEN_HALIDE_TUNER_H

#include "codegen/halide/KernelDesc.h"
#include "codegen/halide/Kernels.h"
#include "codegen/halide/TuningDb.h"

#include <Halide.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace asr::kernels {

/// A kernel with concrete shapes: what one tuning run times.
struct TuneProblem {
  KernelDesc desc;
  std::vector<std::vector<int64_t>> inputShapes;  ///< row-major, no -1
  std::vector<std::vector<int64_t>> outputShapes; ///< row-major, no -1
  double flops = 0; ///< per call (0: unknown; GFLOP/s not reported)
  /// The value of every integer input (key lengths: the full key count, so
  /// nothing is masked).
  int64_t intFill = 1;
  std::string name; ///< short, for progress lines and the trace
};

/// Extents for dynamic dims when a kernel comes from a model (asr-tune
/// SPEC.json): a dynamic dim 0 of a rank >= 3 tensor is the batch, every
/// other dynamic dim a time/sequence extent; the rows of decoder-step
/// variants (Matmul max_m, FusedAttention max_lq) take 1.
struct DynamicExtents {
  int64_t batch = 1;
  int64_t frames = 1500;
};

/// Concrete shapes for `desc` (outputs derived from the inputs by the kind's
/// shape rule) and its FLOP count. Returns false with `why` for kinds the
/// tuner does not handle (data movement: their defaults stay).
bool makeTuneProblem(const KernelDesc &desc, const DynamicExtents &extents,
                     TuneProblem &problem, std::string &why);

/// true for the kinds makeTuneProblem handles.
bool isTunableKind(KernelKind kind);

/// The values each knob of `desc` may take in the search, derived from its
/// default knobs (flags: 0/1; vector_width: half, the natural lanes and
/// double; small sizes: 1..32 up to 4x the default; larger sizes: 1/8x to
/// 2x the default).
std::map<std::string, std::vector<int64_t>> searchSpace(const KernelDesc &desc,
                                                        const Halide::Target &target);

/// false when `knobs` size a per-task buffer (the attention's query_tile x
/// key_block) beyond 4x the default's: such buffers are on the stack, and
/// the search never tries them.
bool withinBufferLimits(const std::map<std::string, int64_t> &knobs,
                        const std::map<std::string, int64_t> &defaults);

struct TuneProgress {
  int trials = 0;       ///< candidates measured in this run
  int failed = 0;       ///< did not compile (Halide rejected the schedule)
  int mismatched = 0;   ///< compiled, wrong output (rejected)
  double elapsedS = 0;  ///< since this run started (compile + time)
  double budgetS = 0;
  double bestMs = 0;
  double defaultMs = 0;
};

struct TuneOptions {
  double budgetSeconds = 30; ///< for this kernel, compile time included
  uint64_t seed = 1;
  int threads = 1;           ///< recorded in the entry (timing uses HL_NUM_THREADS)
  int populationSize = 6;    ///< kept for refinement and stored in the entry
  /// Called after every candidate (for a progress bar).
  std::function<void(const TuneProgress &)> onTrial;
  /// Called when the best-so-far improves (and once for the default).
  std::function<void(const TuneProgress &)> onImprove;
};

struct TuneResult {
  TuningEntry entry;    ///< ready for TuningDb::put (machine, date filled)
  TuneProgress progress;
  /// The reference output matched the default's and a plain rebuild of the
  /// best schedule (false: the entry must not be stored).
  bool ok = false;
  std::string error;
};

/// Runs the search. `previous` (same key, may be null) resumes it: its
/// population seeds the refinement and its trial count offsets the seed.
TuneResult tuneKernel(const TuneProblem &problem, const Halide::Target &target,
                      const TuneOptions &options, const TuningEntry *previous);

/// Median time in ms of `kernel`'s schedule `knobs` on `problem` (random
/// inputs, fixed seed), after a warm-up; also the output for checking.
/// Throws Halide::Error / std::exception when the schedule is rejected.
double timeSchedule(const TuneProblem &problem, const Halide::Target &target,
                    const std::map<std::string, int64_t> &knobs,
                    std::vector<Halide::Buffer<>> *outputs = nullptr);

/// The same for a kernel built elsewhere (a Halide autoscheduler's).
double timeKernel(BuiltKernel &kernel, const TuneProblem &problem, const Halide::Target &target,
                  std::vector<Halide::Buffer<>> *outputs = nullptr);

/// Random inputs for `problem` (uniform in [-1, 1); integer inputs hold the
/// key/frame count, i.e. nothing masked), the same for a given seed.
std::vector<Halide::Buffer<>> makeInputs(const TuneProblem &problem, uint64_t seed);

/// Largest |a - b| over all elements, relative to max(1, max |b|).
double relativeError(const Halide::Buffer<> &a, const Halide::Buffer<> &b);

/// The CPU model name and core count ("AMD EPYC, 2 cores").
std::string machineDescription();

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_TUNER_H
