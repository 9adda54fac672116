//===- Compile.h - ahead-of-time compilation of kernels --------*- C++ -*-===//
//
// Compiles KernelDescs into object files with Halide's compile_to_object, one
// exported function per kernel, plus one shared Halide runtime object per
// model. No Halide types in this header: the MLIR side of codegen includes
// it.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_COMPILE_H
#define ASR_CODEGEN_HALIDE_COMPILE_H

#include "codegen/halide/KernelDesc.h"
#include "codegen/halide/TuningDb.h"

#include <string>

namespace asr::kernels {

struct CompileOptions {
  /// "host", or a Halide target string ("x86-64-linux-avx2-fma").
  std::string target = "host";
  /// -O0: naive schedules (compute_root, no vectorization or threads).
  bool naive = false;
  /// Tuned schedules (asr-tune); kernels it has no entry for, or whose
  /// entry no longer builds, get the default schedule. Ignored with naive.
  const TuningDb *tuningDb = nullptr;
  /// For comparison: a Halide autoscheduler ("Mullapudi2016", "Li2018",
  /// "Adams2019"; AutoSchedule.h) schedules the kernels the tuner handles
  /// (Tuner.h isTunableKind), with estimates at batch 1 and
  /// `autoscheduleFrames` for every other dynamic dim, for
  /// `autoscheduleThreads` threads. A kernel it cannot schedule keeps its
  /// default schedule (a warning in the report).
  std::string autoscheduler;
  int64_t autoscheduleFrames = 1500;
  int autoscheduleThreads = 1;
};

/// How one kernel's schedule was chosen.
struct KernelScheduleReport {
  TuningMatch match = TuningMatch::None; ///< None: the default schedule
  bool autoscheduled = false;            ///< CompileOptions::autoscheduler did it
  /// Set when the database had an entry that could not be used (the kernel
  /// then has its default schedule): what and why.
  std::string warning;
};

/// Checks that `target` parses; returns its canonical string or an error.
bool resolveTarget(const CompileOptions &options, std::string &canonical, std::string &error);

/// Compiles one kernel into `objectPath`, exporting
/// `int fnName(void *user_context, halide_buffer_t *inputs..., halide_buffer_t *outputs...)`.
bool compileKernelObject(const KernelDesc &desc, const std::string &fnName,
                         const std::string &objectPath, const CompileOptions &options,
                         std::string &error, KernelScheduleReport *report = nullptr);

/// Compiles the Halide runtime (thread pool, allocation, error hooks) once.
bool compileRuntimeObject(const std::string &objectPath, const CompileOptions &options,
                          std::string &error);

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_COMPILE_H
