//===- CudaKernelsComputeTest.cpp - CUDA compute kernels on the emulator --===//
//
// Every compute kind's CUDA kernel (codegen/cuda/CudaKernelsCompute.cpp)
// against the Halide kernel of the same desc, plus plain loops for the
// matmul and its CUDA-only epilogue. Shapes are small but not multiples of
// the tiles (64 x 64 GEMM tiles, K steps of 16, 8-row GEMV blocks, 32-channel
// depthwise blocks, ...), with dynamic dims, broadcasting and masks.
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"
#include "codegen/cuda/CudaKernels.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cudatest;

namespace {

constexpr ElemType F32 = ElemType::F32, F16 = ElemType::F16, BF16 = ElemType::BF16,
                   I32 = ElemType::I32, I64 = ElemType::I64;

KernelDesc desc(KernelKind kind, std::vector<TensorDesc> inputs, TensorDesc output,
                const std::string &fn = "") {
  KernelDesc d;
  d.kind = kind;
  d.fn = fn;
  d.inputs = std::move(inputs);
  d.outputs = {std::move(output)};
  return d;
}

KernelDesc matmul(TensorDesc lhs, TensorDesc rhs, TensorDesc out, bool tl = false,
                  bool tr = false) {
  KernelDesc d = desc(KernelKind::Matmul, {std::move(lhs), std::move(rhs)}, std::move(out));
  d.ints["transpose_lhs"] = tl;
  d.ints["transpose_rhs"] = tr;
  return d;
}

bool contains(const std::string &text, const std::string &what) {
  return text.find(what) != std::string::npos;
}

//===----------------------------------------------------------------------===//
// Matmul, ScoreDot, WeightedSum
//===----------------------------------------------------------------------===//

TEST(CudaComputeMatmul, MatchesLoop) {
  // Two 64-row tiles, two column tiles, K = 45: three K steps with a tail.
  const int64_t M = 70, K = 45, N = 66;
  KernelDesc d = matmul({F32, {M, K}}, {F32, {K, N}}, {F32, {M, N}});
  EXPECT_TRUE(contains(cudaSource(d), "As[16][65]"));
  std::mt19937 rng(11);
  std::vector<HostTensor> in = {randomTensor(F32, {M, K}, rng), randomTensor(F32, {K, N}, rng)};
  std::vector<HostTensor> out = {poisoned(F32, {M, N})};
  ASSERT_TRUE(runCuda(d, in, out));
  HostTensor want(F32, {M, N});
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k)
        s += in[0].get(m * K + k) * in[1].get(k * N + n);
      want.set(m * N + n, s);
    }
  expectClose(out[0], want, "matmul", 1e-5, 1e-5);
}

TEST(CudaComputeMatmul, MatchesHalide) {
  // A rank-2 weight: the dynamic batch folds into the rows.
  checkAgainstHalide(matmul({F32, {-1, 37, 50}}, {F32, {50, 70}}, {F32, {-1, 37, 70}}),
                     {{3, 37, 50}, {50, 70}}, {{3, 37, 70}}, 1);
  // Both transposed, batched rhs; K = 50 dynamic in lhs.
  checkAgainstHalide(matmul({F32, {2, -1, 37}}, {F32, {2, 70, 50}}, {F32, {2, 37, 70}}, true, true),
                     {{2, 50, 37}, {2, 70, 50}}, {{2, 37, 70}}, 2);
  // Broadcast leading dims: [3,1,20,33] x [4,33,18] -> [3,4,20,18].
  checkAgainstHalide(matmul({F32, {3, 1, 20, 33}}, {F32, {4, 33, 18}}, {F32, {3, 4, 20, 18}}),
                     {{3, 1, 20, 33}, {4, 33, 18}}, {{3, 4, 20, 18}}, 3);
  // A dynamic batch extent of 1 broadcasts at run time; rhs transposed.
  checkAgainstHalide(matmul({F32, {-1, 20, 33}}, {F32, {4, 18, 33}}, {F32, {4, 20, 18}}, false, true),
                     {{1, 20, 33}, {4, 18, 33}}, {{4, 20, 18}}, 4);
  // Only lhs transposed (its M contiguous).
  checkAgainstHalide(matmul({F32, {40, 66}}, {F32, {40, 9}}, {F32, {66, 9}}, true, false),
                     {{40, 66}, {40, 9}}, {{66, 9}}, 5);
}

TEST(CudaComputeMatmul, HalfAndBfloat) {
  checkAgainstHalide(matmul({F16, {2, 19, 40}}, {BF16, {2, 40, 23}}, {F16, {2, 19, 23}}),
                     {{2, 19, 40}, {2, 40, 23}}, {{2, 19, 23}}, 6, 2e-3, 2e-3);
  checkAgainstHalide(matmul({BF16, {9, 30}}, {F32, {17, 30}}, {BF16, {9, 17}}, false, true),
                     {{9, 30}, {17, 30}}, {{9, 17}}, 7, 1e-2, 1e-2);
}

TEST(CudaComputeMatmul, Gemv) {
  // Static M = 1 with a [N, K] weight: a warp per column; beams fold into rows.
  KernelDesc d = matmul({F32, {3, 1, 40}}, {F32, {50, 40}}, {F32, {3, 1, 50}}, false, true);
  EXPECT_TRUE(contains(cudaSource(d), "GEMV"));
  checkAgainstHalide(d, {{3, 1, 40}, {50, 40}}, {{3, 1, 50}}, 8);
  // [K, N] weight: 64 columns x 4 k-slices; N = 300 is 5 column blocks.
  checkAgainstHalide(matmul({F32, {1, 37}}, {F32, {37, 300}}, {F32, {1, 300}}),
                     {{1, 37}, {37, 300}}, {{1, 300}}, 9);
  // max_m promises a small M, but any M must work: up to 8 rows run the
  // GEMV (7: one pass of 8 rows), more the tiled GEMM compiled next to it.
  KernelDesc dyn = matmul({F32, {-1, 40}}, {F32, {30, 40}}, {F32, {-1, 30}}, false, true);
  dyn.ints["max_m"] = 4;
  std::string src = cudaSource(dyn);
  EXPECT_TRUE(contains(src, "GEMV") && contains(src, "asrk_test_gemm")) << src;
  checkAgainstHalide(dyn, {{7, 40}, {30, 40}}, {{7, 30}}, 10);
  checkAgainstHalide(dyn, {{11, 40}, {30, 40}}, {{11, 30}}, 11);
  // Batched weights and a transposed lhs (no folding: batch over grid.y).
  checkAgainstHalide(matmul({F32, {2, 1, 40}}, {F32, {2, 40, 70}}, {F32, {2, 1, 70}}),
                     {{2, 1, 40}, {2, 40, 70}}, {{2, 1, 70}}, 12);
  checkAgainstHalide(matmul({F16, {2, 33, 2}}, {F32, {33, 45}}, {F16, {2, 2, 45}}, true, false),
                     {{2, 33, 2}, {33, 45}}, {{2, 2, 45}}, 13, 2e-3, 2e-3);
}

/// out = act(lhs @ rhs^T + bias) + residual, the plain way.
HostTensor epilogueLoop(const HostTensor &lhs, const HostTensor &rhs, const HostTensor *bias,
                        const HostTensor *res, const std::string &act, ElemType outType) {
  int64_t K = lhs.dims.back(), M = lhs.size() / K, N = rhs.dims[0];
  Shape dims = lhs.dims;
  dims.back() = N;
  HostTensor out(outType, dims);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double v = 0;
      for (int64_t k = 0; k < K; ++k)
        v += lhs.get(m * K + k) * rhs.get(n * K + k);
      if (bias)
        v += bias->get(n);
      if (act == "relu")
        v = v > 0 ? v : 0;
      else if (act == "gelu")
        v = 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)));
      else if (act == "silu")
        v = v / (1 + std::exp(-v));
      else if (act == "tanh")
        v = std::tanh(v);
      if (res)
        v += res->get(m * N + n);
      out.set(m * N + n, v);
    }
  return out;
}

TEST(CudaComputeMatmul, EpilogueMatchesLoop) {
  struct Case {
    int64_t rows;  // M (1: the GEMV path)
    bool bias, residual;
    std::string act;
    ElemType resType;
  };
  const int64_t B = 2, K = 35, N = 70;
  for (const Case &c : {Case{21, true, true, "gelu", F32}, Case{21, false, false, "relu", F32},
                        Case{1, true, true, "silu", F16}, Case{21, true, false, "", F32},
                        Case{1, false, true, "tanh", F32}}) {
    SCOPED_TRACE("rows " + std::to_string(c.rows) + " act '" + c.act + "'");
    Shape ld = {B, c.rows, K}, od = {B, c.rows, N};
    KernelDesc d = matmul({F32, ld}, {F32, {N, K}}, {F32, od}, false, true);
    d.fn = c.act;
    std::mt19937 rng(20);
    std::vector<HostTensor> in = {randomTensor(F32, ld, rng), randomTensor(F32, {N, K}, rng)};
    if (c.bias) {
      d.ints["bias"] = 1;
      d.inputs.push_back({F32, {N}});
      in.push_back(randomTensor(F32, {N}, rng));
    }
    if (c.residual) {
      d.ints["residual"] = 1;
      d.inputs.push_back({c.resType, od});
      in.push_back(randomTensor(c.resType, od, rng));
    }
    EXPECT_EQ(contains(cudaSource(d), "GEMV"), c.rows == 1);
    std::vector<HostTensor> out = {poisoned(F32, od)};
    ASSERT_TRUE(runCuda(d, in, out));
    HostTensor want = epilogueLoop(in[0], in[1], c.bias ? &in[2] : nullptr,
                                   c.residual ? &in.back() : nullptr, c.act, F32);
    expectClose(out[0], want, "epilogue", 1e-4, 1e-5);
  }
}

TEST(CudaComputeMatmul, RejectsBadEpilogue) {
  KernelDesc d = matmul({F32, {4, 8}}, {F32, {8, 5}}, {F32, {4, 5}});
  d.fn = "exp";
  asr::cuda::CudaKernelSource src;
  std::string error;
  EXPECT_FALSE(asr::cuda::emitKernel(d, "k", src, error));
  EXPECT_TRUE(contains(error, "epilogue activation")) << error;
}

TEST(CudaComputeScoreDot, MatchesHalide) {
  KernelDesc d = desc(KernelKind::ScoreDot, {{F32, {2, 3, -1, 16}}, {F32, {2, 3, 70, 16}}},
                      {F32, {2, 3, -1, 70}});
  d.floats["scale"] = 0.25;
  checkAgainstHalide(d, {{2, 3, 13, 16}, {2, 3, 70, 16}}, {{2, 3, 13, 70}}, 21);
  // q broadcast over the batch; bf16 keys, f16 scores.
  KernelDesc b = desc(KernelKind::ScoreDot, {{F32, {1, 3, 5, 20}}, {BF16, {2, 3, 9, 20}}},
                      {F16, {2, 3, 5, 9}});
  b.floats["scale"] = 0.5;
  checkAgainstHalide(b, {{1, 3, 5, 20}, {2, 3, 9, 20}}, {{2, 3, 5, 9}}, 22, 2e-3, 2e-3);
}

TEST(CudaComputeWeightedSum, MatchesHalide) {
  checkAgainstHalide(desc(KernelKind::WeightedSum, {{F32, {2, 3, 13, -1}}, {F32, {2, 3, -1, 16}}},
                          {F32, {2, 3, 13, 16}}),
                     {{2, 3, 13, 70}, {2, 3, 70, 16}}, {{2, 3, 13, 16}}, 23);
  checkAgainstHalide(desc(KernelKind::WeightedSum, {{BF16, {2, 1, 7, 30}}, {F32, {2, 4, 30, 5}}},
                          {BF16, {2, 4, 7, 5}}),
                     {{2, 1, 7, 30}, {2, 4, 30, 5}}, {{2, 4, 7, 5}}, 24, 1e-2, 1e-2);
}

//===----------------------------------------------------------------------===//
// Row kinds, Reduce
//===----------------------------------------------------------------------===//

KernelDesc layerNorm(TensorDesc x, ElemType param = F32) {
  int64_t D = x.dims.back();
  TensorDesc out = x;
  KernelDesc d = desc(KernelKind::LayerNorm, {x, {param, {D}}, {param, {D}}}, out);
  d.floats["epsilon"] = 1e-5;
  return d;
}

TEST(CudaComputeLayerNorm, MatchesHalide) {
  // A warp per row (D = 40), registers.
  KernelDesc w = layerNorm({F32, {3, 5, 40}});
  EXPECT_TRUE(contains(cudaSource(w), "A warp per row"));
  checkAgainstHalide(w, {{3, 5, 40}, {40}, {40}}, {{3, 5, 40}}, 31);
  // Dynamic D: the block per row, re-reading the row.
  checkAgainstHalide(layerNorm({F32, {-1, -1}}), {{7, 300}, {300}, {300}}, {{7, 300}}, 32);
  // Static D = 1100: the block per row, 5 values per thread in registers.
  checkAgainstHalide(layerNorm({F32, {2, 1100}}), {{2, 1100}, {1100}, {1100}}, {{2, 1100}}, 33);
  // f16 activations, bf16 parameters.
  KernelDesc h = layerNorm({F16, {-1, 24}}, BF16);
  h.outputs[0].type = F16;
  checkAgainstHalide(h, {{9, 24}, {24}, {24}}, {{9, 24}}, 34, 2e-3, 2e-3);
}

KernelDesc softmax(TensorDesc x, bool causal, ElemType lengths = I32, bool hasLengths = false) {
  TensorDesc out = x;
  KernelDesc d = desc(KernelKind::Softmax, {x}, out);
  if (hasLengths)
    d.inputs.push_back({lengths, {x.dims[0]}});
  d.ints["causal"] = causal;
  d.ints["has_lengths"] = hasLengths;
  return d;
}

TEST(CudaComputeSoftmax, MatchesHalide) {
  checkAgainstHalide(softmax({F32, {2, 3, 7, 50}}, false), {{2, 3, 7, 50}}, {{2, 3, 7, 50}}, 41);
  checkAgainstHalide(softmax({F32, {2, 3, 7, 9}}, true), {{2, 3, 7, 9}}, {{2, 3, 7, 9}}, 42);
  // Lengths in [0, 60] over L = 50: fully masked rows (length 0) are zero.
  checkAgainstHalide(softmax({F32, {4, 2, 6, 50}}, false, I32, true),
                     {{4, 2, 6, 50}, {4}}, {{4, 2, 6, 50}}, 43, 1e-4, 1e-5, {{}, {0, 60}});
  checkAgainstHalide(softmax({F32, {3, 2, 8, 12}}, true, I64, true),
                     {{3, 2, 8, 12}, {3}}, {{3, 2, 8, 12}}, 44, 1e-4, 1e-5, {{}, {0, 10}});
  // Dynamic L (the block per row) with lengths and causal; rank 2 (b = i = row).
  checkAgainstHalide(softmax({F32, {-1, -1, -1}}, true, I32, true), {{3, 12, 300}, {3}},
                     {{3, 12, 300}}, 45, 1e-4, 1e-5, {{}, {0, 11}});
  checkAgainstHalide(softmax({F32, {6, 20}}, true, I32, true), {{6, 20}, {6}}, {{6, 20}}, 46,
                     1e-4, 1e-5, {{}, {0, 20}});
  // Static L = 1500 (Whisper's encoder): the block per row, in registers; f16.
  KernelDesc h = softmax({F16, {2, 1500}}, false);
  checkAgainstHalide(h, {{2, 1500}}, {{2, 1500}}, 47, 2e-3, 1e-5);
}

TEST(CudaComputeLogSoftmax, MatchesHalide) {
  auto logSoftmax = [](TensorDesc x, int64_t axis) {
    TensorDesc out = x;
    KernelDesc d = desc(KernelKind::LogSoftmax, {x}, out);
    d.ints["axis"] = axis;
    return d;
  };
  checkAgainstHalide(logSoftmax({F32, {4, 33}}, 1), {{4, 33}}, {{4, 33}}, 51);
  checkAgainstHalide(logSoftmax({F32, {-1, -1}}, 1), {{3, 2000}}, {{3, 2000}}, 52);
  checkAgainstHalide(logSoftmax({F32, {3, 17, 5}}, 1), {{3, 17, 5}}, {{3, 17, 5}}, 53);
  checkAgainstHalide(logSoftmax({BF16, {-1, 40}}, 0), {{6, 40}}, {{6, 40}}, 54, 1e-2, 1e-2);
}

TEST(CudaComputeReduce, MatchesHalide) {
  auto reduce = [](const std::string &fn, TensorDesc x, std::vector<int64_t> axes, bool keep,
                   TensorDesc out) {
    KernelDesc d = desc(KernelKind::Reduce, {x}, out, fn);
    d.lists["axes"] = axes;
    d.ints["keep_dims"] = keep;
    return d;
  };
  // The innermost dim reduced: a warp per output.
  checkAgainstHalide(reduce("sum", {F32, {3, 4, 50}}, {-1}, false, {F32, {3, 4}}), {{3, 4, 50}},
                     {{3, 4}}, 61);
  // bf16 in, f16 out.
  checkAgainstHalide(reduce("mean", {BF16, {3, 4, 50}}, {-1}, false, {F16, {3, 4}}),
                     {{3, 4, 50}}, {{3, 4}}, 66, 2e-3, 2e-3);
  // Dims 0 and 2 reduced, 1 kept: outer reduced groups looped.
  checkAgainstHalide(reduce("max", {F32, {5, 6, 7}}, {0, 2}, true, {F32, {1, 6, 1}}), {{5, 6, 7}},
                     {{1, 6, 1}}, 62);
  // The innermost dim kept: a thread per output (mean over time).
  checkAgainstHalide(reduce("mean", {F32, {3, -1, 7}}, {1}, true, {F32, {3, 1, 7}}),
                     {{3, 20, 7}}, {{3, 1, 7}}, 63);
  // Two reduced groups, the innermost kept.
  checkAgainstHalide(reduce("sum", {F32, {4, 3, 5, 6}}, {0, 2}, false, {F32, {3, 6}}),
                     {{4, 3, 5, 6}}, {{3, 6}}, 64);
  // Everything: one output.
  checkAgainstHalide(reduce("mean", {F32, {-1, 40}}, {0, 1}, false, {F32, {}}), {{3, 40}}, {{}},
                     65);
}

//===----------------------------------------------------------------------===//
// Convolutions, ScoreAdditive
//===----------------------------------------------------------------------===//

int64_t convOut(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
  return (in + 2 * p - d * (k - 1) - 1) / s + 1;
}

KernelDesc conv1d(TensorDesc x, int64_t cout, int64_t k, int64_t stride, int64_t pad,
                  int64_t dil, int64_t groups, bool bias, TensorDesc out) {
  int64_t cin = x.dims[2];
  std::vector<TensorDesc> in = {x, {F32, {cout, cin / groups, k}}};
  if (bias)
    in.push_back({F32, {cout}});
  KernelDesc d = desc(KernelKind::Conv1D, in, out);
  d.ints["stride"] = stride;
  d.ints["padding"] = pad;
  d.ints["dilation"] = dil;
  d.ints["groups"] = groups;
  d.ints["has_bias"] = bias;
  return d;
}

/// Runs conv1d on input [B, T, Cin] (dims bound) against Halide.
void checkConv1D(TensorDesc x, Shape xd, int64_t cout, int64_t k, int64_t s, int64_t p,
                 int64_t dl, int64_t g, bool bias, int64_t outB, uint32_t seed,
                 double tol = 1e-4) {
  int64_t to = convOut(xd[1], k, s, p, dl);
  TensorDesc out{F32, {outB, x.dims[1] < 0 ? -1 : to, cout}};
  KernelDesc d = conv1d(x, cout, k, s, p, dl, g, bias, out);
  std::vector<Shape> in = {xd, {cout, xd[2] / g, k}};
  if (bias)
    in.push_back({cout});
  checkAgainstHalide(d, in, {{outB, to, cout}}, seed, tol, tol);
}

TEST(CudaComputeConv1D, DenseMatchesHalide) {
  // Padding, stride, dilation, bias, a dynamic T; Cout = 70: two column tiles.
  checkConv1D({F32, {2, -1, 12}}, {2, 37, 12}, 70, 3, 2, 2, 2, 1, true, 2, 71);
  // Groups 4 (Cin 16 -> Cout 8); x broadcast over the batch.
  checkConv1D({F32, {1, 30, 16}}, {1, 30, 16}, 8, 3, 1, 1, 1, 4, false, 2, 72);
  // f16 input, kernel 1 (a pointwise conv).
  checkConv1D({F16, {1, 70, 20}}, {1, 70, 20}, 9, 1, 1, 0, 1, 1, true, 1, 73, 2e-3);
}

TEST(CudaComputeConv1D, DepthwiseMatchesHalide) {
  KernelDesc d = conv1d({F32, {2, -1, 40}}, 40, 5, 1, 2, 1, 40, true, {F32, {2, -1, 40}});
  EXPECT_TRUE(contains(cudaSource(d), "Depthwise"));
  checkAgainstHalide(d, {{2, 77, 40}, {40, 1, 5}, {40}}, {{2, 77, 40}}, 81);
  // Stride 2, dilation 3, no bias, C = 5 (a partial warp).
  checkConv1D({F32, {1, 50, 5}}, {1, 50, 5}, 5, 3, 2, 1, 3, 5, false, 1, 82);
  // A window too wide for shared memory (dilation 130): read through L1.
  KernelDesc wide = conv1d({F32, {1, 300, 3}}, 3, 3, 1, 0, 130, 3, false, {F32, {1, 40, 3}});
  EXPECT_TRUE(contains(cudaSource(wide), "read through L1"));
  checkAgainstHalide(wide, {{1, 300, 3}, {3, 1, 3}}, {{1, 40, 3}}, 83);
}

TEST(CudaComputeConv2D, MatchesHalide) {
  auto conv2d = [](TensorDesc x, TensorDesc w, bool bias, std::vector<int64_t> stride,
                   std::vector<int64_t> pad, std::vector<int64_t> dil, int64_t groups,
                   TensorDesc out) {
    std::vector<TensorDesc> in = {x, w};
    if (bias)
      in.push_back({F32, {w.dims[0]}});
    KernelDesc d = desc(KernelKind::Conv2D, in, out);
    d.lists["stride"] = stride;
    d.lists["padding"] = pad;
    d.lists["dilation"] = dil;
    d.ints["groups"] = groups;
    d.ints["has_bias"] = bias;
    return d;
  };
  int64_t h = convOut(11, 3, 2, 1, 1), w = convOut(13, 3, 1, 1, 2);
  checkAgainstHalide(conv2d({F32, {2, 3, -1, 13}}, {F32, {4, 3, 3, 3}}, true, {2, 1}, {1, 1},
                            {1, 2}, 1, {F32, {2, 4, -1, w}}),
                     {{2, 3, 11, 13}, {4, 3, 3, 3}, {4}}, {{2, 4, h, w}}, 91);
  // Groups 2, no bias, x broadcast over the batch, bf16 output.
  int64_t h2 = convOut(9, 3, 1, 0, 1), w2 = convOut(10, 2, 2, 1, 1);
  checkAgainstHalide(conv2d({F32, {1, 4, 9, 10}}, {F32, {6, 2, 3, 2}}, false, {1, 2}, {0, 1},
                            {1, 1}, 2, {BF16, {2, 6, h2, w2}}),
                     {{1, 4, 9, 10}, {6, 2, 3, 2}}, {{2, 6, h2, w2}}, 92, 1e-2, 1e-2);
}

TEST(CudaComputeScoreAdditive, MatchesHalide) {
  // 4 queries x 64 keys per block; A = 24 (one partial chunk), bias.
  checkAgainstHalide(desc(KernelKind::ScoreAdditive,
                          {{F32, {2, 5, 24}}, {F32, {2, -1, 24}}, {F32, {24}}, {F32, {24}}},
                          {F32, {2, 5, -1}}),
                     {{2, 5, 24}, {2, 37, 24}, {24}, {24}}, {{2, 5, 37}}, 101, 1e-4, 1e-4);
  // One query (a decoder step): 256 keys per block, A = 40 (two chunks); the
  // query broadcast over the batch; f16 keys.
  KernelDesc one = desc(KernelKind::ScoreAdditive, {{F32, {1, 1, 40}}, {F16, {2, 300, 40}}, {F32, {40}}},
                        {F32, {2, 1, 300}});
  one.ints["has_bias"] = 0;
  checkAgainstHalide(one, {{1, 1, 40}, {2, 300, 40}, {40}}, {{2, 1, 300}}, 102, 1e-4, 1e-4);
}

} // namespace
