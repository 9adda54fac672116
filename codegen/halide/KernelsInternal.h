//===- KernelsInternal.h - helpers shared by the kernel builders -*- C++ -*-===//
//
// Internal to codegen/halide: the two builder entry points the dispatcher in
// Kernels.cpp calls (buildCompute: KernelsCompute.cpp, buildData:
// KernelsData.cpp) and the helpers both use. Not installed, not included by
// anything outside codegen/halide.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_KERNELSINTERNAL_H
#define ASR_CODEGEN_HALIDE_KERNELSINTERNAL_H

#include "codegen/halide/Kernels.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asr::kernels {

//===----------------------------------------------------------------------===//
// Builder entry points (one per source file)
//===----------------------------------------------------------------------===//

/// Matmul, Conv1D, Conv2D, LayerNorm, Softmax, LogSoftmax, Reduce, ScoreDot,
/// ScoreAdditive, WeightedSum. `knobs` is already checked and complete
/// (defaults merged with overrides).
BuiltKernel buildCompute(const KernelDesc &desc, const Halide::Target &target,
                         const std::map<std::string, int64_t> &knobs);
std::map<std::string, int64_t> computeKnobs(const KernelDesc &desc,
                                            const Halide::Target &target);

/// Unary, Scale, Binary, Transpose, Copy, Concat, Slice, UpdateSlice,
/// Embedding, SinusoidalPosition, LearnedPosition, SubsampleLengths.
BuiltKernel buildData(const KernelDesc &desc, const Halide::Target &target,
                      const std::map<std::string, int64_t> &knobs);
std::map<std::string, int64_t> dataKnobs(const KernelDesc &desc,
                                         const Halide::Target &target);

/// FusedAttention (KernelsAttention.cpp).
BuiltKernel buildAttention(const KernelDesc &desc, const Halide::Target &target,
                           const std::map<std::string, int64_t> &knobs);
std::map<std::string, int64_t> attentionKnobs(const KernelDesc &desc,
                                              const Halide::Target &target);

/// LogMel (KernelsFrontEnd.cpp).
BuiltKernel buildFrontEnd(const KernelDesc &desc, const Halide::Target &target,
                          const std::map<std::string, int64_t> &knobs);
std::map<std::string, int64_t> frontEndKnobs(const KernelDesc &desc,
                                             const Halide::Target &target);

/// true for the kinds buildCompute handles.
bool isComputeKind(KernelKind kind);

//===----------------------------------------------------------------------===//
// Shared helpers (defined in Kernels.cpp)
//===----------------------------------------------------------------------===//

/// ElemType -> Halide::Type (F16 -> Float(16), BF16 -> BFloat(16), ...).
Halide::Type halideType(ElemType t);

/// An ImageParam for one input: its type, rank, and a name
/// ("<prefix><index>"). Static dims get their extent pinned
/// (dim(i).set_extent) and min 0; dynamic dims only min 0. All buffers are
/// dense: the innermost stride is pinned to 1. Halide dim i is row-major dim
/// rank-1-i.
Halide::ImageParam makeInput(const TensorDesc &t, const std::string &name);
/// The same constraints on the pipeline's output buffer(s).
void constrainOutput(Halide::Func out, const TensorDesc &t);

/// Extent of row-major dim `rowMajorDim` of `t`: a constant when static, the
/// ImageParam's runtime extent when dynamic.
Halide::Expr extentOf(const TensorDesc &t, const Halide::ImageParam &p,
                      int rowMajorDim);

/// The knob "naive" (shared by every kind; default 0): 1 = the -O0 schedule
/// (every Func compute_root, no vectorize/parallel/unroll); 2 = the bare
/// algorithm (see bareAlgorithm). Kinds without a bare form treat 2 like 1,
/// so naiveSchedule is true for both.
inline constexpr const char *kNaiveKnob = "naive";
inline bool naiveSchedule(const std::map<std::string, int64_t> &knobs) {
  auto it = knobs.find(kNaiveKnob);
  return it != knobs.end() && it->second != 0;
}
/// naive = 2: the algorithm alone, not one scheduling call (no compute_root,
/// split, specialize, ...), for Halide's autoschedulers (AutoSchedule.h),
/// which schedule every Func themselves. The output buffer constraints
/// (constrainOutput) are part of the algorithm and stay. Honored by every
/// compute kind (KernelsCompute.cpp) and FusedAttention.
inline bool bareAlgorithm(const std::map<std::string, int64_t> &knobs) {
  auto it = knobs.find(kNaiveKnob);
  return it != knobs.end() && it->second == 2;
}
/// A knob's value; throws std::invalid_argument if absent (a builder bug).
int64_t knob(const std::map<std::string, int64_t> &knobs,
             const std::string &name, KernelKind kind);

/// std::invalid_argument("<Kind>: <why>").
[[noreturn]] void fail(KernelKind kind, const std::string &why);

/// Natural vector width in lanes for `t` on `target` (16 for f32 on AVX-512).
int naturalLanes(const Halide::Target &target, Halide::Type t);

/// The text of KernelDesc::key() and of the tuning database's shape class
/// (TuningDb.h): kind, fn, tensor types and dims (static ones through `dim`,
/// dynamic ones '?'), ints, floats (when `withFloats`) and lists.
std::string describeDesc(const KernelDesc &desc, std::string (*dim)(int64_t),
                         bool withFloats);

/// Builds the BuiltKernel from output Funcs (already scheduled).
BuiltKernel finish(std::vector<Halide::Func> outputs,
                   std::vector<Halide::ImageParam> inputs);

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_KERNELSINTERNAL_H
