//===- KernelDesc.h - what a Halide kernel computes, without MLIR -*- C++ -*-===//
//
// The contract between the MLIR side of codegen (which lowers each
// kernel-level asr op to a KernelDesc) and the Halide side (which builds the
// algorithm and schedule for it). Plain C++: no MLIR, no LLVM, no Halide, so
// the two sides never share a translation unit (Halide brings LLVM 14, MLIR
// LLVM 19).
//
// Layout conventions:
//  * tensors are dense row-major (C order), like the asr IR: dims[0] is the
//    outermost. In Halide, dim 0 is the innermost, so a tensor [B, T, C] is
//    the Halide buffer (C, T, B). Builders index Funcs in Halide order.
//  * dynamic dims are -1: their extent comes from the buffer at run time.
//  * the generated function takes, in order: one halide_buffer_t per input
//    (operand order of the asr op), then one per output.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_HALIDE_KERNELDESC_H
#define ASR_CODEGEN_HALIDE_KERNELDESC_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asr::kernels {

enum class ElemType { F32, F16, BF16, I32, I64 };

struct TensorDesc {
  ElemType type = ElemType::F32;
  std::vector<int64_t> dims; ///< row-major; -1 = dynamic
  int rank() const { return static_cast<int>(dims.size()); }
};

/// Every kernel kind; `op` strings below name the asr op it implements.
enum class KernelKind {
  Matmul,         ///< asr.matmul; ints: transpose_lhs, transpose_rhs [, max_m]
  Unary,          ///< relu gelu gelu_tanh tanh sigmoid silu exp log neg sqrt rsqrt; `fn`
  Scale,          ///< asr.scale; floats: factor
  Binary,         ///< add sub mul div max with broadcasting; `fn`
  Reduce,         ///< asr.reduce; `fn` = sum|max|mean; lists: axes; ints: keep_dims
  Softmax,        ///< asr.softmax over the last axis; inputs: x [, lengths]; ints: causal, has_lengths
  LogSoftmax,     ///< asr.log_softmax; ints: axis (normalized, >= 0)
  LayerNorm,      ///< asr.layer_norm; inputs: x, gamma, beta; floats: epsilon
  Conv1D,         ///< asr.conv1d channels-last; inputs x [B,T,Cin], w [Cout,Cin/g,K] [, bias]; ints: stride, padding, dilation, groups, has_bias
  Conv2D,         ///< asr.conv2d NCHW; lists: stride, padding, dilation; ints: groups, has_bias
  ScoreDot,       ///< asr.attention_score dot: q [..,Lq,D], k [..,Lk,D] -> [..,Lq,Lk]; floats: scale
  ScoreAdditive,  ///< asr.attention_score additive: q [B,Lq,A], k [B,Lk,A], v [A] [, bias [A]]; ints: has_bias
  WeightedSum,    ///< asr.weighted_sum: p [..,Lq,Lk], v [..,Lk,Dv]
  Transpose,      ///< asr.transpose; lists: perm
  Copy,           ///< asr.reshape (same elements, new dims): a dense copy
  Concat,         ///< asr.concat; ints: axis (normalized)
  Slice,          ///< asr.slice; ints: axis, start, step (end is implied by the output extent)
  UpdateSlice,    ///< asr.update_slice: dest [B,L,..], update [B,n,..], position [B] -> [B,L,..]
  Embedding,      ///< asr.embedding: tokens [..] int, table [V,D] -> [..,D]
  SinusoidalPosition, ///< x [B,T,D] [, offset [B]]; ints: concat_style, has_offset
  LearnedPosition,    ///< x [B,T,D], table [N,D] [, offset [B]]; ints: has_offset
  SubsampleLengths,   ///< lengths [B] int; ints: kernel, stride, padding, dilation
  FusedAttention,     ///< asr.fused_attention; `fn` = dot|additive; ints: causal, has_lengths, has_bias, return_probs, max_lq; floats: scale
  RecurrentStep,      ///< CUDA only (the CPU runs recurrences in runtime/Recurrent.cpp): one time step of an LSTM / GRU layer, docs/cuda.md; `fn` = lstm|gru
  LogMel,             ///< asr.log_mel: samples [B,N] f32 [, lengths [B]] -> [B,T,n_mels]; `fn` = whisper|kaldi; ints: sample_rate, n_mels, n_fft, win_length, hop_length, has_lengths; floats: low_freq, high_freq, preemphasis, scale (KernelsFrontEnd.cpp)
};

/// The kind's name as written above ("Matmul", "Conv1D", ...).
const char *kindName(KernelKind kind);

/// FusedAttention, dot form without probs: a kernel whose query rows are a
/// static extent <= this, or whose desc carries ints["max_lq"] in
/// [1, this] (a promise of the caller: it calls that variant only for
/// Lq <= max_lq at run time), gets the decode schedule (one task per
/// (head, batch), keys as vector lanes); any other the tiled schedule. The
/// entry-point codegen compiles both for a dynamic Lq and picks at run time.
/// max_lq only selects a schedule: the kernel is correct for any Lq.
inline constexpr int64_t kAttentionDecodeMaxLq = 4;

/// Matmul: a kernel whose lhs rows M are a static extent <= this, or whose
/// desc carries ints["max_m"] in [1, this] (a promise of the caller: it
/// calls that variant only for M <= max_m at run time), gets the GEMV
/// schedule (no packed weight panel: one pass over the weight, the decoder
/// step case); any other the register-blocked GEMM. The entry-point codegen
/// compiles both for a dynamic M times a weight and picks at run time.
/// max_m only selects a schedule: the kernel is correct for any M.
inline constexpr int64_t kMatmulGemvMaxM = 4;

// Compute kinds (KernelsCompute.cpp), details the one-liners above leave out:
//  * Matmul / ScoreDot / WeightedSum: leading batch dims broadcast from the
//    right (extent 1, static or at run time); the output rank is the larger
//    input rank.
//  * Softmax: `lengths` is i32 or i64 [B] and indexes dim 0; key j of row
//    (.., i, j) is masked when j >= lengths[b] or (causal) j > i; a row with
//    every key masked is all zero.
//  * Reduce: axes may be negative; with keep_dims the reduced dims are 1.
//  * Conv1D / Conv2D / ScoreAdditive: has_bias defaults to "a bias input is
//    present". Conv1D with groups == Cin == Cout is the depthwise kernel.
//  * float inputs may be f32, f16 or bf16: computed in f32, stored as the
//    output type.
//  * FusedAttention dot: q [B, H, Lq, D] may have a static 1 as its batch
//    and/or head dim (read at 0: one query for every utterance / head);
//    k, v and the outputs have B and H.
struct KernelDesc {
  KernelKind kind;
  std::string fn; ///< sub-kind for Unary / Binary / Reduce
  std::vector<TensorDesc> inputs;
  std::vector<TensorDesc> outputs;
  std::map<std::string, int64_t> ints;
  std::map<std::string, double> floats;
  std::map<std::string, std::vector<int64_t>> lists;

  int64_t getInt(const std::string &k, int64_t dflt = 0) const {
    auto it = ints.find(k);
    return it == ints.end() ? dflt : it->second;
  }
  double getFloat(const std::string &k, double dflt = 0) const {
    auto it = floats.find(k);
    return it == floats.end() ? dflt : it->second;
  }
  /// A stable text form: equal keys mean the same compiled kernel, so
  /// codegen compiles each distinct key once.
  std::string key() const;
};

} // namespace asr::kernels

#endif // ASR_CODEGEN_HALIDE_KERNELDESC_H
