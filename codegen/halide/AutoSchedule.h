//===- AutoSchedule.h - Halide's own autoschedulers as baselines -*- C++ -*-===//
//
// Schedules a kernel's bare algorithm (knob naive = 2: no scheduling call)
// with one of the autoschedulers Debian's Halide 14 ships as plugins
// (libautoschedule_<name>.so in ASRC_HALIDE_PLUGIN_DIR, by default
// /usr/lib/x86_64-linux-gnu/halide14; the environment variable of the same
// name overrides it at run time). Baselines for our hand-written schedules
// (HALIDE-NOTES pitfall 9: shape-fragile), never the default.
//
// Per autoscheduler (Halide 14):
//  * Adams2019: beam search over a learned cost model; the plugin carries
//    built-in baseline weights ("Loading weights from built-in data..."),
//    HL_WEIGHTS_DIR only replaces them. Reads MachineParams::parallelism
//    only; HL_BEAM_SIZE (default 32), HL_RANDOM_DROPOUT, HL_SEED tune the
//    search.
//  * Mullapudi2016: greedy grouping and tiling; needs estimates on every
//    input and output (set here from the concrete shapes).
//  * Li2018: the gradient autoscheduler (made for gradient pipelines);
//    ignores the cache and balance.
// With Debian's 14.0.0 all three schedule every case of asr-bench-kernels
// (Matmul GEMM and GEMV, ScoreDot, WeightedSum, Conv1D, depthwise Conv1D,
// Conv2D, ScoreAdditive, LayerNorm, Softmax, FusedAttention flash forms)
// and the results agree with our schedules, with one exception: Adams2019
// with HL_BEAM_SIZE=1 (greedy) schedules the GEMV [1,1,384] x
// [51865,384]^T so that it reads the weight at k = -15 (Halide's bounds
// check fails at run time); its default beam search does not. The matrix
// for a small Matmul and FusedAttention is encoded in
// test/unit/HalideAutoScheduleTest.cpp.
// Kinds without a bare form (the data kinds, LogMel) start from their
// naive schedule (intermediates compute_root), which an autoscheduler may
// keep or refuse.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_AUTOSCHEDULE_H
#define ASR_CODEGEN_HALIDE_AUTOSCHEDULE_H

#include "codegen/halide/Kernels.h"

#include <cstdint>
#include <string>
#include <vector>

namespace asr::kernels {

/// The autoschedulers Debian's Halide 14 ships: {"Mullapudi2016", "Li2018",
/// "Adams2019"}.
const std::vector<std::string> &autoSchedulerNames();

/// Builds desc's algorithm with no schedule (naive=2), sets estimates from the
/// concrete row-major shapes of its inputs and outputs, loads the plugin once,
/// and has `name` schedule the pipeline for `threads` threads
/// (MachineParams(threads, 32 MB last-level cache, 40 balance): the L3 of the
/// machines asrc is measured on, and Halide's generic balance).
/// Throws std::runtime_error naming the autoscheduler and why when the plugin
/// cannot be loaded or cannot schedule this pipeline (Halide::Error caught and
/// rethrown with the message), or when `name` is unknown or the shapes do not
/// fit desc; std::invalid_argument (from buildKernel) for a desc no kind can
/// build. Not thread-safe with other Halide compilation of the same kernel.
BuiltKernel autoScheduleKernel(const KernelDesc &desc,
                               const Halide::Target &target,
                               const std::string &name,
                               const std::vector<std::vector<int64_t>> &inputShapes,
                               const std::vector<std::vector<int64_t>> &outputShapes,
                               int threads);

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_AUTOSCHEDULE_H
