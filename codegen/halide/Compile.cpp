//===- Compile.cpp - ahead-of-time compilation of kernels -----------------===//
#include "codegen/halide/Compile.h"
#include "codegen/halide/AutoSchedule.h"
#include "codegen/halide/Kernels.h"
#include "codegen/halide/Tuner.h"

#include <Halide.h>

#include <stdexcept>

namespace asr::kernels {

/// Kernels take a user_context (the runtime's per-call state, where Halide
/// errors are recorded) and share one runtime object.
static Halide::Target kernelTarget(const Halide::Target &base, bool withRuntime) {
  Halide::Target t = base.with_feature(Halide::Target::UserContext);
  return withRuntime ? t : t.with_feature(Halide::Target::NoRuntime);
}

static bool parseTarget(const CompileOptions &options, Halide::Target &target,
                        std::string &error) {
  if (options.target.empty() || options.target == "host") {
    target = Halide::get_host_target();
    return true;
  }
  if (!Halide::Target::validate_target_string(options.target)) {
    error = "unknown target '" + options.target +
            "' (expected 'host' or a Halide target string such as x86-64-linux-avx2-fma)";
    return false;
  }
  target = Halide::Target(options.target);
  return true;
}

bool resolveTarget(const CompileOptions &options, std::string &canonical, std::string &error) {
  Halide::Target target;
  if (!parseTarget(options, target, error))
    return false;
  canonical = target.to_string();
  return true;
}

/// The kernel with its tuned schedule when `options.tuningDb` has one that
/// builds, else with the default (or naive) schedule.
static BuiltKernel buildScheduled(const KernelDesc &desc, const Halide::Target &target,
                                  const CompileOptions &options, KernelScheduleReport &report) {
  Schedule schedule;
  if (options.naive) {
    schedule.knobs["naive"] = 1;
    return buildKernel(desc, target, &schedule);
  }
  if (!options.autoscheduler.empty() && isTunableKind(desc.kind)) {
    TuneProblem problem;
    std::string why;
    if (makeTuneProblem(desc, {1, options.autoscheduleFrames}, problem, why)) {
      try {
        BuiltKernel kernel =
            autoScheduleKernel(desc, target, options.autoscheduler, problem.inputShapes,
                               problem.outputShapes, options.autoscheduleThreads);
        report.autoscheduled = true;
        return kernel;
      } catch (const std::runtime_error &e) {
        report.warning = std::string(e.what()) + ": default schedule used";
      }
    }
  }
  TuningMatch match = TuningMatch::None;
  const TuningEntry *entry =
      options.tuningDb ? options.tuningDb->lookup(desc, target.to_string(), &match) : nullptr;
  if (entry) {
    schedule.knobs = entry->knobs;
    try {
      BuiltKernel kernel = buildKernel(desc, target, &schedule);
      report.match = match;
      return kernel;
    } catch (const std::exception &e) {
      report.warning = std::string("the tuned schedule does not apply (") + e.what() +
                       "): default schedule used";
    }
  }
  return buildKernel(desc, target, nullptr);
}

bool compileKernelObject(const KernelDesc &desc, const std::string &fnName,
                         const std::string &objectPath, const CompileOptions &options,
                         std::string &error, KernelScheduleReport *report) {
  Halide::Target target;
  if (!parseTarget(options, target, error))
    return false;
  KernelScheduleReport local;
  KernelScheduleReport &rep = report ? *report : local;
  rep = {};
  try {
    BuiltKernel kernel = buildScheduled(desc, target, options, rep);
    try {
      kernel.pipeline.compile_to_object(objectPath, kernel.arguments(), fnName,
                                        kernelTarget(target, /*withRuntime=*/false));
    } catch (const Halide::Error &e) {
      if (rep.match == TuningMatch::None && !rep.autoscheduled)
        throw;
      // A tuned schedule Halide rejects at lowering: the default instead.
      std::string which = rep.autoscheduled ? "the autoscheduled" : "the tuned";
      rep = {};
      rep.warning = which + " schedule does not compile (" + e.what() + "): default schedule used";
      kernel = buildKernel(desc, target, nullptr);
      kernel.pipeline.compile_to_object(objectPath, kernel.arguments(), fnName,
                                        kernelTarget(target, /*withRuntime=*/false));
    }
  } catch (const Halide::Error &e) {
    error = std::string("Halide: ") + e.what();
    return false;
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
  return true;
}

bool compileRuntimeObject(const std::string &objectPath, const CompileOptions &options,
                          std::string &error) {
  Halide::Target target;
  if (!parseTarget(options, target, error))
    return false;
  try {
    Halide::compile_standalone_runtime(objectPath, kernelTarget(target, /*withRuntime=*/true));
  } catch (const Halide::Error &e) {
    error = std::string("Halide: ") + e.what();
    return false;
  }
  return true;
}

} // namespace asr::kernels
