//===- AutoSchedule.cpp - Halide's own autoschedulers as baselines --------===//
//
// autoScheduleKernel: the bare algorithm (naive = 2), estimates from the
// concrete shapes, the plugin loaded once per process, then
// Pipeline::auto_schedule. See AutoSchedule.h.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/AutoSchedule.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unistd.h>

#ifndef ASRC_HALIDE_PLUGIN_DIR
#define ASRC_HALIDE_PLUGIN_DIR "/usr/lib/x86_64-linux-gnu/halide14"
#endif

namespace asr::kernels {

namespace {

/// Last-level cache and balance handed to the autoschedulers (only
/// Mullapudi2016 reads them; Adams2019 and Li2018 read the parallelism).
constexpr uint64_t kLastLevelCache = 32ull << 20;
constexpr float kBalance = 40.f;

std::string pluginDir() {
  const char *env = std::getenv("ASRC_HALIDE_PLUGIN_DIR");
  return env && *env ? std::string(env) : std::string(ASRC_HALIDE_PLUGIN_DIR);
}

/// Loads libautoschedule_<lowercase name>.so once per process (a plugin
/// registers its autoscheduler when loaded; a second load would be a no-op
/// anyway, but a failed one is retried).
void loadPlugin(const std::string &name) {
  static std::mutex mu;
  static std::set<std::string> loaded;
  std::lock_guard<std::mutex> lock(mu);
  if (loaded.count(name))
    return;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string path = pluginDir() + "/libautoschedule_" + lower + ".so";
  if (access(path.c_str(), R_OK) != 0)
    throw std::runtime_error(name + ": autoscheduler plugin " + path +
                             " not found");
  try {
    Halide::load_plugin(path);
  } catch (const Halide::Error &e) {
    throw std::runtime_error(name + ": cannot load autoscheduler plugin " +
                             path + ": " + e.what());
  }
  loaded.insert(name);
}

std::string shapeStr(const std::vector<int64_t> &s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

/// The Halide region of a row-major shape (Halide dim i = row-major dim
/// rank-1-i); checks it against the desc's tensor (rank, static dims).
Halide::Region regionOf(const std::string &name, const KernelDesc &desc,
                        const TensorDesc &t, const std::vector<int64_t> &shape,
                        const std::string &what) {
  auto bad = [&](const std::string &why) {
    return std::runtime_error(name + ": " + kindName(desc.kind) + " " + what +
                              " shape " + shapeStr(shape) + " " + why);
  };
  if (static_cast<int>(shape.size()) != t.rank())
    throw bad("has rank " + std::to_string(shape.size()) + ", the desc " +
              std::to_string(t.rank()));
  Halide::Region r;
  for (int h = 0; h < t.rank(); ++h) {
    int rm = t.rank() - 1 - h;
    if (shape[rm] < 1)
      throw bad("has an extent < 1");
    if (t.dims[rm] >= 0 && t.dims[rm] != shape[rm])
      throw bad("does not match the desc's static dim " + std::to_string(rm) +
                " = " + std::to_string(t.dims[rm]));
    r.push_back(Halide::Range(0, static_cast<int>(shape[rm])));
  }
  return r;
}

} // namespace

const std::vector<std::string> &autoSchedulerNames() {
  static const std::vector<std::string> names{"Mullapudi2016", "Li2018",
                                              "Adams2019"};
  return names;
}

BuiltKernel autoScheduleKernel(const KernelDesc &desc,
                               const Halide::Target &target,
                               const std::string &name,
                               const std::vector<std::vector<int64_t>> &inputShapes,
                               const std::vector<std::vector<int64_t>> &outputShapes,
                               int threads) {
  const auto &names = autoSchedulerNames();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw std::runtime_error(name + ": not one of Halide 14's autoschedulers "
                                    "(Mullapudi2016, Li2018, Adams2019)");
  if (inputShapes.size() != desc.inputs.size() ||
      outputShapes.size() != desc.outputs.size())
    throw std::runtime_error(
        name + ": " + kindName(desc.kind) + " takes " +
        std::to_string(desc.inputs.size()) + " inputs and " +
        std::to_string(desc.outputs.size()) + " outputs, got shapes for " +
        std::to_string(inputShapes.size()) + " and " +
        std::to_string(outputShapes.size()));
  loadPlugin(name);

  Schedule bare;
  bare.knobs["naive"] = 2;
  BuiltKernel k = buildKernel(desc, target, &bare);
  try {
    for (size_t i = 0; i < k.inputs.size(); ++i)
      k.inputs[i].set_estimates(regionOf(name, desc, desc.inputs[i],
                                         inputShapes[i],
                                         "input " + std::to_string(i)));
    std::vector<Halide::Func> outs = k.pipeline.outputs();
    if (outs.size() != outputShapes.size())
      throw std::runtime_error(name + ": the pipeline has " +
                               std::to_string(outs.size()) + " outputs, the desc " +
                               std::to_string(outputShapes.size()));
    for (size_t i = 0; i < outs.size(); ++i)
      outs[i].set_estimates(regionOf(name, desc, desc.outputs[i],
                                     outputShapes[i],
                                     "output " + std::to_string(i)));
    k.pipeline.auto_schedule(
        name, target,
        Halide::MachineParams(std::max(threads, 1), kLastLevelCache, kBalance));
  } catch (const Halide::Error &e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    throw std::runtime_error(name + " cannot schedule " + kindName(desc.kind) +
                             ": " + msg);
  }
  return k;
}

} // namespace asr::kernels
