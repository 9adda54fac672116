//===- CudaKernelsDataTest.cpp - CUDA data kernels on the CPU emulator ----===//
//
// The data family (codegen/cuda/CudaKernelsData.cpp) against the Halide
// kernels (checkAgainstHalide: random inputs, naive schedule) and plain
// loops: broadcasting, transposes of rank 2..4 with tile tails, strided and
// in-place arguments (a local runner that edits the arguments runCuda
// builds dense and separate), int and f16 element types, and the log-mel
// front end on half a second of random audio.
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include "codegen/cuda/CudaKernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <dlfcn.h>

using namespace cudatest;

namespace {

KernelDesc unary(KernelKind kind, const std::string &fn, Shape dims) {
  KernelDesc d;
  d.kind = kind;
  d.fn = fn;
  d.inputs = {{ElemType::F32, dims}};
  d.outputs = {{ElemType::F32, dims}};
  return d;
}

KernelDesc make(KernelKind kind, std::vector<TensorDesc> in, std::vector<TensorDesc> out,
                const std::string &fn = "") {
  KernelDesc d;
  d.kind = kind;
  d.fn = fn;
  d.inputs = std::move(in);
  d.outputs = std::move(out);
  return d;
}

TensorDesc f32(Shape s) { return {ElemType::F32, std::move(s)}; }
TensorDesc f16(Shape s) { return {ElemType::F16, std::move(s)}; }
TensorDesc i32(Shape s) { return {ElemType::I32, std::move(s)}; }
TensorDesc i64(Shape s) { return {ElemType::I64, std::move(s)}; }

/// Whether emitKernel rejects desc, with the error containing `what`.
void expectRejected(const KernelDesc &d, const std::string &what) {
  asr::cuda::CudaKernelSource src;
  std::string error;
  EXPECT_FALSE(asr::cuda::emitKernel(d, "asrk_bad", src, error)) << d.key();
  EXPECT_NE(error.find(what), std::string::npos) << "error: " << error;
}

//===----------------------------------------------------------------------===//
// A runner with hand-made arguments (strided views, aliasing)
//===----------------------------------------------------------------------===//

/// Kernels of several descs compiled into one emulator module (one host
/// compile), run on arguments the test builds: strided views, aliasing
/// (runCuda makes dense, separate tensors), and grids capped below what the
/// plan asks, so that grid-stride loops take many steps.
class LocalModule {
public:
  explicit LocalModule(const std::vector<KernelDesc> &descs) {
    static int counter = 0;
    std::string module = "asrk_m" + std::to_string(counter++);
    std::string source = asr::cuda::devicePrelude() + "\n";
    for (size_t k = 0; k < descs.size(); ++k) {
      names_.push_back(module + "_" + std::to_string(k));
      asr::cuda::CudaKernelSource src;
      std::string error;
      if (!asr::cuda::emitKernel(descs[k], names_.back(), src, error)) {
        ADD_FAILURE() << "emitKernel(" << descs[k].key() << "): " << error;
        return;
      }
      source += src.device + "\n" + src.plan + "\n";
    }
    handle_ = loadEmulated(source, testFileDir() + "/" + module, module);
  }
  ~LocalModule() {
    if (handle_)
      dlclose(handle_);
  }

  /// Runs kernel k's plan, each launch's grid capped at `cap` (x, y, z).
  bool run(size_t k, const std::vector<asrc_cu_tensor> &tensors,
           std::array<uint32_t, 3> cap = {~0u, ~0u, ~0u}) {
    if (!handle_ || k >= names_.size())
      return false;
    asrc_cu_args args{};
    for (const asrc_cu_tensor &t : tensors)
      args.t[args.count++] = t;
    return runLoaded(handle_, names_[k], args, cap.data());
  }

private:
  void *handle_ = nullptr;
  std::vector<std::string> names_;
};

//===----------------------------------------------------------------------===//
// Unary, Scale (the lead's examples)
//===----------------------------------------------------------------------===//

TEST(CudaData, UnaryMatchesHalide) {
  for (const char *fn : {"relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "silu", "exp", "neg"})
    checkAgainstHalide(unary(KernelKind::Unary, fn, {3, -1, 5}), {{3, 70, 5}}, {{3, 70, 5}});
}

TEST(CudaData, ScaleMatchesLoop) {
  KernelDesc d = unary(KernelKind::Scale, "", {1000});
  d.floats["factor"] = 0.125;
  std::mt19937 rng(3);
  std::vector<HostTensor> in = {randomTensor(ElemType::F32, {1000}, rng)};
  std::vector<HostTensor> out = {poisoned(ElemType::F32, {1000})};
  ASSERT_TRUE(runCuda(d, in, out));
  HostTensor want(ElemType::F32, {1000});
  for (int64_t i = 0; i < 1000; ++i)
    want.set(i, in[0].get(i) * 0.125);
  expectClose(out[0], want, "scale");
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

TEST(CudaDataBinary, SameShapeMatchesHalide) {
  // The flat path, a dynamic dim; 700 elements over more than one block.
  for (const char *fn : {"add", "div", "max"})
    checkAgainstHalide(make(KernelKind::Binary, {f32({3, -1, 5}), f32({3, -1, 5})},
                            {f32({3, -1, 5})}, fn),
                       {{3, 70, 5}, {3, 70, 5}}, {{3, 70, 5}});
}

TEST(CudaDataBinary, BiasAndScalarMatchHalide) {
  // A row over the last dim (bias add) on either side; one element.
  checkAgainstHalide(make(KernelKind::Binary, {f32({4, -1, 37}), f32({37})}, {f32({4, -1, 37})},
                          "add"),
                     {{4, 9, 37}, {37}}, {{4, 9, 37}});
  checkAgainstHalide(make(KernelKind::Binary, {f32({1, 37}), f32({-1, 37})}, {f32({-1, 37})},
                          "sub"),
                     {{1, 37}, {300, 37}}, {{300, 37}});
  checkAgainstHalide(make(KernelKind::Binary, {f32({-1, 6}), f32({1})}, {f32({-1, 6})}, "mul"),
                     {{50, 6}, {1}}, {{50, 6}});
}

TEST(CudaDataBinary, GeneralBroadcastMatchesHalide) {
  // Both sides broadcast, ranks differ; rank 4 with a dynamic dim.
  checkAgainstHalide(make(KernelKind::Binary, {f32({2, 1, 5}), f32({3, 1})}, {f32({2, 3, 5})},
                          "sub"),
                     {{2, 1, 5}, {3, 1}}, {{2, 3, 5}});
  checkAgainstHalide(make(KernelKind::Binary, {f32({2, 3, -1, 5}), f32({3, 1, 5})},
                          {f32({2, 3, -1, 5})}, "max"),
                     {{2, 3, 21, 5}, {3, 1, 5}}, {{2, 3, 21, 5}});
}

TEST(CudaDataBinary, HalfAndIntegers) {
  // f16 bias add (computed in f32, stored rounded: compare at f16 precision).
  checkAgainstHalide(make(KernelKind::Binary, {f16({-1, 40}), f16({40})}, {f16({-1, 40})}, "add"),
                     {{30, 40}, {40}}, {{30, 40}}, 1, 1e-3, 1e-3);
  // i32 division: Euclidean (floor for a positive divisor), x / 0 = 0;
  // against Halide and a loop.
  KernelDesc div = make(KernelKind::Binary, {i32({-1, 7}), i32({7})}, {i32({-1, 7})}, "div");
  checkAgainstHalide(div, {{40, 7}, {7}}, {{40, 7}}, 2, 0, 0, {{-20, 20}, {-3, 3}});
  std::vector<HostTensor> in = {fromValues(ElemType::I32, {1, 7}, {-7, 7, -7, 7, 5, -1, 0}),
                                fromValues(ElemType::I32, {7}, {2, 2, -2, -2, 0, 3, -3})};
  std::vector<HostTensor> out = {poisoned(ElemType::I32, {1, 7})};
  ASSERT_TRUE(runCuda(div, in, out));
  expectClose(out[0], fromValues(ElemType::I32, {1, 7}, {-4, 3, 4, -3, 0, -1, 0}), "i32 div", 0, 0);
  // i64, general broadcast.
  checkAgainstHalide(make(KernelKind::Binary, {i64({2, 1, 3}), i64({4, 1})}, {i64({2, 4, 3})},
                          "mul"),
                     {{2, 1, 3}, {4, 1}}, {{2, 4, 3}}, 3, 0, 0, {{-1000, 1000}, {-1000, 1000}});
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

KernelDesc transpose(TensorDesc in, Shape outDims, std::vector<int64_t> perm) {
  KernelDesc d = make(KernelKind::Transpose, {in}, {{in.type, std::move(outDims)}});
  if (!perm.empty())
    d.lists["perm"] = std::move(perm);
  return d;
}

TEST(CudaDataTranspose, TiledMatchesHalide) {
  // The innermost dim moves: 32 x 32 tiles with tails in both directions.
  checkAgainstHalide(transpose(f32({37, 45}), {45, 37}, {1, 0}), {{37, 45}}, {{45, 37}});
  // Rank 3, a batch dim and a dynamic dim.
  checkAgainstHalide(transpose(f32({3, 33, -1}), {3, -1, 33}, {0, 2, 1}), {{3, 33, 70}},
                     {{3, 70, 33}});
  // Reversed (no perm given) and a rotation whose dims 1, 2 merge.
  checkAgainstHalide(transpose(f32({4, 3, 34}), {34, 3, 4}, {}), {{4, 3, 34}}, {{34, 3, 4}});
  checkAgainstHalide(transpose(f32({3, 4, 5}), {4, 5, 3}, {1, 2, 0}), {{3, 4, 5}}, {{4, 5, 3}});
  // Rank 4, i64, two batch dims: [B, T, H, D] -> [B, H, D, T].
  checkAgainstHalide(transpose(i64({2, 40, 3, 33}), {2, 3, 33, 40}, {0, 2, 3, 1}),
                     {{2, 40, 3, 33}}, {{2, 3, 33, 40}}, 1, 0, 0, {{-100000, 100000}});
}

TEST(CudaDataTranspose, RowsMatchHalide) {
  // The innermost dim stays: heads [B, T, H, D] -> [B, H, T, D] in f16, and
  // short rows (4) of i32; the identity.
  checkAgainstHalide(transpose(f16({2, 35, 3, 40}), {2, 3, 35, 40}, {0, 2, 1, 3}),
                     {{2, 35, 3, 40}}, {{2, 3, 35, 40}}, 1, 0, 0);
  checkAgainstHalide(transpose(i32({-1, 3, 4}), {3, -1, 4}, {1, 0, 2}), {{5, 3, 4}}, {{3, 5, 4}},
                     1, 0, 0, {{-50, 50}});
  checkAgainstHalide(transpose(f32({6, 7}), {6, 7}, {0, 1}), {{6, 7}}, {{6, 7}});
}

//===----------------------------------------------------------------------===//
// Copy, Concat, Slice
//===----------------------------------------------------------------------===//

TEST(CudaDataCopy, DenseMatchesHalide) {
  checkAgainstHalide(make(KernelKind::Copy, {f32({6, -1})}, {f32({3, 70})}), {{6, 35}}, {{3, 70}});
  // f16 against a loop (the Halide JIT of an f16 Copy dies with SIGILL on
  // this machine's CPU: no AVX512-FP16): the bits move unchanged.
  std::mt19937 rng(2);
  std::vector<HostTensor> in = {randomTensor(ElemType::F16, {2, 3, 5}, rng)};
  std::vector<HostTensor> out = {poisoned(ElemType::F16, {30})};
  ASSERT_TRUE(runCuda(make(KernelKind::Copy, {f16({2, 3, 5})}, {f16({30})}), in, out));
  HostTensor want = in[0];
  want.dims = {30};
  expectClose(out[0], want, "f16 copy", 0, 0);
}

TEST(CudaDataCopy, StridedInputMatchesLoop) {
  // The input is the view base[1:4, ::2, 1:] of a [5, 9, 70] buffer: dims
  // [3, 5, 69], strides [630, 140, 1], offset 630 + 1. Output [15, 69]. One
  // block: each thread copies 4 or 5 elements.
  KernelDesc d = make(KernelKind::Copy, {f32({3, 5, 69})}, {f32({15, 69})});
  std::mt19937 rng(5);
  HostTensor base = randomTensor(ElemType::F32, {5, 9, 70}, rng);
  HostTensor out = poisoned(ElemType::F32, {15, 69}), want(ElemType::F32, {15, 69});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 5; ++j)
      for (int64_t k = 0; k < 69; ++k)
        want.set((i * 5 + j) * 69 + k, base.get((1 + i) * 630 + 2 * j * 70 + 1 + k));
  LocalModule module({d});
  const float *view = static_cast<const float *>(base.data()) + 630 + 1;
  ASSERT_TRUE(module.run(0, {cuTensor(view, ElemType::F32, {3, 5, 69}, {630, 140, 1}),
                             cuTensor(out)},
                         {1, 1, 1}));
  expectClose(out, want, "strided copy", 0, 0);
}

TEST(CudaDataConcat, MatchesHalide) {
  // Middle axis, three inputs, one dynamic; axis 0 of i32; the last axis (-1) of f16.
  KernelDesc mid = make(KernelKind::Concat, {f32({2, 3, 5}), f32({2, -1, 5}), f32({2, 1, 5})},
                        {f32({2, -1, 5})});
  mid.ints["axis"] = 1;
  checkAgainstHalide(mid, {{2, 3, 5}, {2, 7, 5}, {2, 1, 5}}, {{2, 11, 5}});
  KernelDesc first = make(KernelKind::Concat, {i32({2, 4}), i32({-1, 4})}, {i32({-1, 4})});
  first.ints["axis"] = 0;
  checkAgainstHalide(first, {{2, 4}, {3, 4}}, {{5, 4}}, 1, 0, 0, {{-9, 9}, {-9, 9}});
  KernelDesc last = make(KernelKind::Concat, {f16({3, 2}), f16({3, 5})}, {f16({3, 7})});
  last.ints["axis"] = -1;
  checkAgainstHalide(last, {{3, 2}, {3, 5}}, {{3, 7}}, 1, 0, 0);
}

TEST(CudaDataSlice, MatchesHalide) {
  // Rows 2, 5, .., 17 of dim 1; i64 backwards (9, 7, .., 1); the last dim of f16.
  KernelDesc rows = make(KernelKind::Slice, {f32({4, -1, 3})}, {f32({4, 6, 3})});
  rows.ints = {{"axis", 1}, {"start", 2}, {"step", 3}};
  checkAgainstHalide(rows, {{4, 20, 3}}, {{4, 6, 3}});
  KernelDesc back = make(KernelKind::Slice, {i64({10})}, {i64({5})});
  back.ints = {{"axis", 0}, {"start", 9}, {"step", -2}};
  checkAgainstHalide(back, {{10}}, {{5}}, 1, 0, 0, {{-99, 99}});
  KernelDesc cols = make(KernelKind::Slice, {f16({3, 9})}, {f16({3, 4})});
  cols.ints = {{"axis", -1}, {"start", 1}, {"step", 2}};
  checkAgainstHalide(cols, {{3, 9}}, {{3, 4}}, 1, 0, 0);
}

//===----------------------------------------------------------------------===//
// UpdateSlice, Embedding
//===----------------------------------------------------------------------===//

TEST(CudaDataUpdateSlice, MatchesHalideAndLoop) {
  // Random positions in [-2, 9] (rows outside [0, L) dropped), i32 and i64.
  KernelDesc d32 = make(KernelKind::UpdateSlice, {f32({2, 10, 6}), f32({2, 3, 6}), i32({2})},
                        {f32({2, 10, 6})});
  for (uint32_t seed = 1; seed <= 3; ++seed)
    checkAgainstHalide(d32, {{2, 10, 6}, {2, 3, 6}, {2}}, {{2, 10, 6}}, seed, 0, 0,
                       {{0, 0}, {0, 0}, {-2, 9}});
  KernelDesc d64 = make(KernelKind::UpdateSlice, {f16({-1, 10, 2, 3}), f16({-1, 2, 2, 3}), i64({-1})},
                        {f16({-1, 10, 2, 3})});
  checkAgainstHalide(d64, {{3, 10, 2, 3}, {3, 2, 2, 3}, {3}}, {{3, 10, 2, 3}}, 4, 0, 0,
                     {{0, 0}, {0, 0}, {-1, 9}});
  // A plain loop: positions 0, 8 (one row past the end), -1.
  KernelDesc d = make(KernelKind::UpdateSlice, {f32({3, 10, 4}), f32({3, 3, 4}), i32({3})},
                      {f32({3, 10, 4})});
  std::mt19937 rng(9);
  std::vector<HostTensor> in = {randomTensor(ElemType::F32, {3, 10, 4}, rng),
                                randomTensor(ElemType::F32, {3, 3, 4}, rng),
                                fromValues(ElemType::I32, {3}, {0, 8, -1})};
  HostTensor want = in[0];
  const int64_t pos[3] = {0, 8, -1};
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t j = 0; j < 3; ++j)
      if (pos[b] + j >= 0 && pos[b] + j < 10)
        for (int64_t c = 0; c < 4; ++c)
          want.set((b * 10 + pos[b] + j) * 4 + c, in[1].get((b * 3 + j) * 4 + c));
  std::vector<HostTensor> out = {poisoned(ElemType::F32, {3, 10, 4})};
  ASSERT_TRUE(runCuda(d, in, out));
  expectClose(out[0], want, "update_slice", 0, 0);
  // In place: the result aliases dest (only the update's rows are written).
  LocalModule module({d});
  HostTensor dest = in[0];
  ASSERT_TRUE(module.run(0, {cuTensor(dest), cuTensor(in[1]),
                             cuTensor(in[2]), cuTensor(dest)}));
  expectClose(dest, want, "update_slice in place", 0, 0);
}

TEST(CudaDataEmbedding, MatchesHalideAndLoop) {
  // Ids outside [0, V) are clamped (as the Halide kernel does).
  checkAgainstHalide(make(KernelKind::Embedding, {i32({2, 5}), f32({7, 37})}, {f32({2, 5, 37})}),
                     {{2, 5}, {7, 37}}, {{2, 5, 37}}, 1, 0, 0, {{-2, 9}});
  KernelDesc d = make(KernelKind::Embedding, {i64({-1}), f16({-1, 40})}, {f16({-1, 40})});
  checkAgainstHalide(d, {{6}, {11, 40}}, {{6, 40}}, 2, 0, 0, {{0, 10}});
  std::mt19937 rng(4);
  std::vector<HostTensor> in = {fromValues(ElemType::I64, {3}, {10, 0, 4}),
                                randomTensor(ElemType::F16, {11, 40}, rng)};
  std::vector<HostTensor> out = {poisoned(ElemType::F16, {3, 40})};
  ASSERT_TRUE(runCuda(d, in, out));
  HostTensor want(ElemType::F16, {3, 40});
  const int64_t ids[3] = {10, 0, 4};
  for (int64_t r = 0; r < 3; ++r)
    for (int64_t c = 0; c < 40; ++c)
      want.set(r * 40 + c, in[1].get(ids[r] * 40 + c));
  expectClose(out[0], want, "embedding", 0, 0);
}

//===----------------------------------------------------------------------===//
// Positions, SubsampleLengths
//===----------------------------------------------------------------------===//

TEST(CudaDataPosition, SinusoidalMatchesHalide) {
  // Interleaved and whisper (concat) styles; static D with offsets in
  // [0, 3000] (large arguments), a dynamic D, f16 x.
  for (int style : {0, 1}) {
    KernelDesc d = make(KernelKind::SinusoidalPosition, {f32({2, -1, 16}), i32({2})},
                        {f32({2, -1, 16})});
    d.ints = {{"concat_style", style}, {"has_offset", 1}};
    checkAgainstHalide(d, {{2, 9, 16}, {2}}, {{2, 9, 16}}, 1, 1e-5, 1e-5, {{0, 0}, {0, 3000}});
    KernelDesc dyn = make(KernelKind::SinusoidalPosition, {f32({-1, -1})}, {f32({-1, -1})});
    dyn.ints = {{"concat_style", style}};
    checkAgainstHalide(dyn, {{13, 10}}, {{13, 10}}, 2, 1e-5, 1e-5);
  }
  KernelDesc half = make(KernelKind::SinusoidalPosition, {f16({1, 7, 8})}, {f16({1, 7, 8})});
  checkAgainstHalide(half, {{1, 7, 8}}, {{1, 7, 8}}, 3, 1e-3, 1e-3);
}

TEST(CudaDataPosition, LearnedMatchesHalide) {
  // Offsets in [0, 15] with T = 9 run past N = 20 (clamped); i64 offsets;
  // no offset, rank 2.
  KernelDesc d = make(KernelKind::LearnedPosition, {f32({2, -1, 16}), f32({20, 16}), i64({2})},
                      {f32({2, -1, 16})});
  d.ints["has_offset"] = 1;
  checkAgainstHalide(d, {{2, 9, 16}, {20, 16}, {2}}, {{2, 9, 16}}, 1, 1e-6, 1e-6,
                     {{0, 0}, {0, 0}, {0, 15}});
  KernelDesc plain = make(KernelKind::LearnedPosition, {f16({-1, 16}), f32({20, 16})},
                          {f16({-1, 16})});
  checkAgainstHalide(plain, {{9, 16}, {20, 16}}, {{9, 16}}, 2, 1e-3, 1e-3);
}

TEST(CudaDataSubsampleLengths, MatchesHalideAndLoop) {
  KernelDesc d = make(KernelKind::SubsampleLengths, {i32({-1})}, {i32({-1})});
  d.ints = {{"kernel", 3}, {"stride", 2}, {"padding", 1}};
  checkAgainstHalide(d, {{300}}, {{300}}, 1, 0, 0, {{0, 100}});
  KernelDesc e = make(KernelKind::SubsampleLengths, {i64({2, 3})}, {i64({2, 3})});
  e.ints = {{"kernel", 3}, {"stride", 2}, {"padding", 0}, {"dilation", 2}};
  std::vector<HostTensor> in = {fromValues(ElemType::I64, {2, 3}, {0, 4, 5, 6, 100, 101})};
  std::vector<HostTensor> out = {poisoned(ElemType::I64, {2, 3})};
  ASSERT_TRUE(runCuda(e, in, out));
  // floor((len - 5) / 2) + 1, at least 0.
  expectClose(out[0], fromValues(ElemType::I64, {2, 3}, {0, 0, 1, 1, 48, 49}), "lengths", 0, 0);
}

//===----------------------------------------------------------------------===//
// LogMel
//===----------------------------------------------------------------------===//

struct MelConfig {
  bool kaldi = false;
  int64_t sr = 16000, nMels = 80, nFft = 400, win = 400, hop = 160;
  double low = 0, high = 8000, preemph = 0, scale = 1;
};

KernelDesc logMel(const MelConfig &c, bool lengths) {
  KernelDesc d;
  d.kind = KernelKind::LogMel;
  d.fn = c.kaldi ? "kaldi" : "whisper";
  d.inputs = {{ElemType::F32, {-1, -1}}};
  if (lengths)
    d.inputs.push_back({ElemType::I32, {-1}});
  d.outputs = {{ElemType::F32, {-1, -1, c.nMels}}};
  d.ints = {{"sample_rate", c.sr}, {"n_mels", c.nMels},     {"n_fft", c.nFft},
            {"win_length", c.win}, {"hop_length", c.hop}, {"has_lengths", lengths}};
  d.floats = {{"low_freq", c.low}, {"high_freq", c.high}, {"preemphasis", c.preemph},
              {"scale", c.scale}};
  return d;
}

/// Random audio [B, N] with utterance b at 1 / 10^b of full scale and
/// silent (exact zeros) over [N / 4, N / 2): whisper's max - 8 clamp (per
/// utterance) and the log floors apply; uniform noise alone is flat.
HostTensor testAudio(int64_t B, int64_t N, uint32_t seed) {
  std::mt19937 rng(seed);
  HostTensor x = randomTensor(ElemType::F32, {B, N}, rng);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t i = 0; i < N; ++i)
      x.set(b * N + i, i >= N / 4 && i < N / 2 ? 0.0 : x.get(b * N + i) * std::pow(10.0, -double(b)));
  return x;
}

/// Test audio and lengths against Halide.
void checkLogMel(const MelConfig &c, int64_t B, int64_t N, std::vector<double> lengths,
                 double rtol, double atol) {
  KernelDesc d = logMel(c, !lengths.empty());
  int64_t T = c.kaldi ? 1 + (N - c.win) / c.hop : N / c.hop;
  std::vector<HostTensor> in = {testAudio(B, N, 7)};
  if (!lengths.empty())
    in.push_back(fromValues(ElemType::I32, {B}, lengths));
  std::vector<HostTensor> want = {poisoned(ElemType::F32, {B, T, c.nMels})};
  std::vector<HostTensor> got = want;
  runHalide(d, in, want);
  ASSERT_TRUE(runCuda(d, in, got));
  expectClose(got[0], want[0], d.key(), rtol, atol);
}

// Tolerances: |got - want| <= 1e-5 + 1e-5 |want|. Whisper's output is
// (log10 + 4) / 4, both backends compute the spectrum in f32 in a different
// order (measured worst: 9e-7); Kaldi's is ln of a spectrum computed in
// double (worst 2e-6 on values near 26: an f32 ulp).
TEST(CudaDataLogMel, WhisperMatchesHalide) {
  // n_fft 400 = 25 x 2^4: length-25 DFTs, then radix-2 steps; half a second
  // of audio; per-utterance lengths (reflection at 5123, max over its frames).
  checkLogMel(MelConfig{}, 2, 8000, {8000, 5123}, 1e-5, 1e-5);
  // n_fft 64 = 2^6 (frames are the length-1 DFTs), a window of 48 centred
  // in the frame, 10 mels at 8 kHz, no lengths.
  MelConfig small;
  small.sr = 8000;
  small.high = 4000;
  small.nMels = 10;
  small.nFft = 64;
  small.win = 48;
  small.hop = 16;
  checkLogMel(small, 2, 333, {}, 1e-5, 1e-5);
}

TEST(CudaDataLogMel, KaldiMatchesHalide) {
  // n_fft 512 (all radix-2), Povey window, pre-emphasis, scale 32768, the
  // DC offset removed; lengths (one under a window: no frames).
  MelConfig k;
  k.kaldi = true;
  k.nFft = 512;
  k.low = 20;
  k.preemph = 0.97;
  k.scale = 32768;
  checkLogMel(k, 3, 8000, {8000, 4321, 399}, 1e-5, 1e-5);
  // n_fft 66 = 33 x 2: one radix-2 step after length-33 DFTs.
  MelConfig odd = k;
  odd.sr = 8000;
  odd.high = 4000;
  odd.nMels = 12;
  odd.nFft = 66;
  odd.win = 66;
  odd.hop = 20;
  checkLogMel(odd, 2, 400, {}, 1e-5, 1e-5);
}

//===----------------------------------------------------------------------===//
// Grid-stride loops
//===----------------------------------------------------------------------===//

TEST(CudaDataGridStride, CappedGridsMatchHalide) {
  // The plans launch a thread per element at these sizes; capped at one
  // block (or one block row), every thread loops: the column counter of the
  // bias path, asrc_data_index carries (a step of 256 against dims 37, 5,
  // 30, ...), the tile and batch loops of the transposes, the utterance
  // loop of LogMel (3 utterances on grid.y = 1).
  KernelDesc biasAdd = make(KernelKind::Binary, {f32({-1, 37}), f32({37})}, {f32({-1, 37})}, "add");
  KernelDesc bcast = make(KernelKind::Binary, {f32({2, 3, -1, 5}), f32({3, 1, 5})},
                          {f32({2, 3, -1, 5})}, "max");
  KernelDesc rows = transpose(f32({2, 35, 3, 100}), {2, 3, 35, 100}, {0, 2, 1, 3});
  KernelDesc tiles = transpose(f32({2, 40, 3, 33}), {2, 3, 33, 40}, {0, 2, 3, 1});
  KernelDesc cat = make(KernelKind::Concat, {f32({2, 3, 50}), f32({2, 7, 50}), f32({2, 1, 50})},
                        {f32({2, 11, 50})});
  cat.ints["axis"] = 1;
  KernelDesc slice = make(KernelKind::Slice, {f32({4, 20, 30})}, {f32({4, 6, 30})});
  slice.ints = {{"axis", 1}, {"start", 2}, {"step", 3}};
  KernelDesc update = make(KernelKind::UpdateSlice, {f32({2, 10, 60}), f32({2, 3, 60}), i32({2})},
                           {f32({2, 10, 60})});
  KernelDesc embed = make(KernelKind::Embedding, {i32({2, 5}), f32({7, 70})}, {f32({2, 5, 70})});
  KernelDesc sinus = make(KernelKind::SinusoidalPosition, {f32({2, 9, 64}), i32({2})},
                          {f32({2, 9, 64})});
  sinus.ints = {{"concat_style", 1}, {"has_offset", 1}};
  KernelDesc learned = make(KernelKind::LearnedPosition, {f32({2, 9, 64}), f32({20, 64}), i64({2})},
                            {f32({2, 9, 64})});
  learned.ints["has_offset"] = 1;
  KernelDesc mel = logMel(MelConfig{}, true);
  std::vector<KernelDesc> descs = {biasAdd, bcast, rows,  tiles,   cat, slice,
                                   update,  embed, sinus, learned, mel};
  LocalModule module(descs);
  const std::array<uint32_t, 3> one = {1, 1, 1};
  auto check = [&](size_t k, const std::vector<Shape> &inDims, const Shape &outDims,
                   std::array<uint32_t, 3> cap, double tol,
                   const std::vector<std::pair<int64_t, int64_t>> &ints) {
    const KernelDesc &d = descs[k];
    std::mt19937 rng(uint32_t(k) + 11);
    std::vector<HostTensor> in;
    std::vector<asrc_cu_tensor> args;
    for (size_t i = 0; i < inDims.size(); ++i) {
      ElemType t = d.inputs[i].type;
      bool isInt = t == ElemType::I32 || t == ElemType::I64;
      in.push_back(isInt ? randomTensor(t, inDims[i], rng, double(ints[i].first),
                                        double(ints[i].second))
                         : randomTensor(t, inDims[i], rng));
    }
    if (d.kind == KernelKind::LogMel)
      in[0] = testAudio(inDims[0][0], inDims[0][1], 8);
    std::vector<HostTensor> want = {poisoned(d.outputs[0].type, outDims)};
    HostTensor got = want[0];
    runHalide(d, in, want);
    for (const HostTensor &t : in)
      args.push_back(cuTensor(t));
    args.push_back(cuTensor(got));
    ASSERT_TRUE(module.run(k, args, cap));
    expectClose(got, want[0], "capped grid: " + d.key(), tol, tol);
  };
  std::vector<std::pair<int64_t, int64_t>> none(3, {0, 0});
  check(0, {{61, 37}, {37}}, {61, 37}, one, 1e-6, none);
  check(1, {{2, 3, 41, 5}, {3, 1, 5}}, {2, 3, 41, 5}, one, 0, none);
  check(2, {{2, 35, 3, 100}}, {2, 3, 35, 100}, one, 0, none);
  check(3, {{2, 40, 3, 33}}, {2, 3, 33, 40}, one, 0, none);
  check(4, {{2, 3, 50}, {2, 7, 50}, {2, 1, 50}}, {2, 11, 50}, {1, ~0u, 1}, 0, none);
  check(5, {{4, 20, 30}}, {4, 6, 30}, one, 0, none);
  check(6, {{2, 10, 60}, {2, 3, 60}, {2}}, {2, 10, 60}, one, 0, {{0, 0}, {0, 0}, {-2, 9}});
  check(7, {{2, 5}, {7, 70}}, {2, 5, 70}, one, 0, {{-2, 9}});
  check(8, {{2, 9, 64}, {2}}, {2, 9, 64}, one, 1e-5, {{0, 0}, {0, 3000}});
  check(9, {{2, 9, 64}, {20, 64}, {2}}, {2, 9, 64}, one, 1e-6, {{0, 0}, {0, 0}, {0, 15}});
  check(10, {{3, 8000}, {3}}, {3, 50, 80}, {~0u, 1, ~0u}, 1e-5, {{0, 0}, {1000, 8000}});
  // In place on one block: the update's 360 elements, two per thread.
  std::mt19937 rng(3);
  HostTensor dest = randomTensor(ElemType::F32, {2, 10, 60}, rng);
  HostTensor upd = randomTensor(ElemType::F32, {2, 3, 60}, rng);
  HostTensor pos = fromValues(ElemType::I32, {2}, {8, -1});
  std::vector<HostTensor> want = {poisoned(ElemType::F32, {2, 10, 60})};
  runHalide(update, {dest, upd, pos}, want);
  ASSERT_TRUE(module.run(6, {cuTensor(dest), cuTensor(upd),
                             cuTensor(pos), cuTensor(dest)},
                         one));
  expectClose(dest, want[0], "update_slice in place, one block", 0, 0);
}

//===----------------------------------------------------------------------===//
// Rejected descs
//===----------------------------------------------------------------------===//

TEST(CudaDataErrors, RejectsBadDescs) {
  expectRejected(transpose(f32({2, 3}), {3, 2}, {1, 1}), "perm is not a permutation");
  expectRejected(make(KernelKind::Binary, {f32({2, 3}), f32({3})}, {f32({3})}, "add"),
                 "higher rank than the output");
  expectRejected(make(KernelKind::Binary, {f32({3}), f32({3})}, {f32({3})}, "pow"),
                 "unknown binary function");
  KernelDesc cat = make(KernelKind::Concat, {f32({2}), f32({2})}, {f32({4})});
  cat.ints["axis"] = 1;
  expectRejected(cat, "out of range");
  expectRejected(make(KernelKind::Embedding, {f32({2}), f32({4, 3})}, {f32({2, 3})}),
                 "tokens must be integers");
  MelConfig big;
  big.kaldi = true;
  big.nFft = 2048;
  big.win = 1024;
  expectRejected(logMel(big, false), "too large for the CUDA kernel");
  MelConfig pre;
  pre.preemph = 0.97;
  expectRejected(logMel(pre, false), "no pre-emphasis");
}

} // namespace
