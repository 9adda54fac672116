//===- bench_kernels.cpp - times the default compute-kernel schedules ----===//
//
// asr-bench-kernels: JIT-compiles the default schedules of the GEMM-shaped
// kernels at the shapes that dominate a Whisper-base-sized encoder (and the
// decoder-step GEMVs: asr-bench-kernels gemv, ... logits) and prints
// the median of 10 runs (100 under 5 ms) after a warm-up, in GFLOP/s (GB/s
// of the weight for GEMV cases; the minimum in parentheses), at the current
// HL_NUM_THREADS (set it before running; HALIDE-NOTES pitfall 11).
//
//   HL_NUM_THREADS=1 build/bin/asr-bench-kernels
//   asr-bench-kernels conv1d tile_m=256 block_m=6   (cases whose name contains
//                     "conv1d", with these knobs overriding the defaults)
//   asr-bench-kernels --profile decode   (Halide's per-Func time breakdown)
//   asr-bench-kernels --asm=DIR attention   (also writes DIR/<case>.s and .stmt)
//   asr-bench-kernels --autoschedule=Adams2019 matmul   (Halide's autoscheduler
//                     on the bare algorithm at the case's shapes instead of
//                     our schedule, for HL_NUM_THREADS threads, 1 if unset;
//                     Mullapudi2016, Li2018, Adams2019: AutoSchedule.h;
//                     "vs ours": max |diff| / max(1, max |out|) against
//                     the default schedule's output on the same inputs)
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/AutoSchedule.h"
#include "codegen/halide/Kernels.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace asr::kernels;

namespace {

Halide::Buffer<float> randomBuffer(const std::vector<int> &rowMajor,
                                   std::mt19937 &rng) {
  std::vector<int> h(rowMajor.rbegin(), rowMajor.rend());
  Halide::Buffer<float> b(h);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  b.for_each_value([&](float &v) { v = u(rng); });
  return b;
}

TensorDesc f32(std::vector<int64_t> dims) { return {ElemType::F32, dims}; }

struct Case {
  std::string name;
  KernelDesc desc;
  std::vector<std::vector<int>> inputShapes; // row-major
  std::vector<int> outputShape;
  double flops;
  /// > 0: one more input, i32 [B] key lengths all equal to this (B = the
  /// first output dim).
  int lengths = 0;
  /// > 0: bytes the kernel must stream (a weight read once): GB/s printed.
  double bytes = 0;
};

/// The case's concrete row-major input shapes (with the key lengths [B]).
std::vector<std::vector<int64_t>> inputShapesOf(const Case &c) {
  std::vector<std::vector<int64_t>> s;
  for (const std::vector<int> &in : c.inputShapes)
    s.emplace_back(in.begin(), in.end());
  if (c.lengths > 0)
    s.push_back({c.outputShape[0]});
  return s;
}

void run(const Case &c, const Halide::Target &target, const Schedule &knobs,
         const std::string &asmDir, const std::string &autoScheduler,
         int threads) {
  std::mt19937 rng(1);
  double scheduleS = -1;
  BuiltKernel k;
  if (autoScheduler.empty()) {
    k = buildKernel(c.desc, target, &knobs);
  } else {
    auto t0 = std::chrono::steady_clock::now();
    k = autoScheduleKernel(
        c.desc, target, autoScheduler, inputShapesOf(c),
        {std::vector<int64_t>(c.outputShape.begin(), c.outputShape.end())},
        threads);
    scheduleS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
                    .count();
  }
  if (!asmDir.empty()) {
    std::string base = asmDir + "/";
    for (char ch : c.name)
      base += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    k.pipeline.compile_to_assembly(base + ".s", k.arguments(), "kernel", target);
    k.pipeline.compile_to_lowered_stmt(base + ".stmt", k.arguments(), Halide::Text, target);
  }
  auto t0 = std::chrono::steady_clock::now();
  k.pipeline.compile_jit(target);
  double compileS =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<Halide::Buffer<float>> ins;
  for (size_t i = 0; i < c.inputShapes.size(); ++i) {
    ins.push_back(randomBuffer(c.inputShapes[i], rng));
    k.inputs[i].set(ins.back());
  }
  Halide::Buffer<int32_t> lens;
  if (c.lengths > 0) {
    lens = Halide::Buffer<int32_t>(c.outputShape[0]);
    lens.fill(c.lengths);
    k.inputs[c.inputShapes.size()].set(lens);
  }
  std::vector<int> oh(c.outputShape.rbegin(), c.outputShape.rend());
  Halide::Buffer<float> out(oh);
  for (int i = 0; i < 2; ++i)
    k.pipeline.realize(out);
  std::vector<double> times;
  // 10 runs; 100 for kernels under 5 ms (decode steps).
  auto s0 = std::chrono::steady_clock::now();
  k.pipeline.realize(out);
  int runs = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count() < 5e-3
                 ? 100 : 10;
  for (int i = 0; i < runs; ++i) {
    auto s = std::chrono::steady_clock::now();
    k.pipeline.realize(out);
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count());
  }
  std::sort(times.begin(), times.end());
  double med = (times[runs / 2 - 1] + times[runs / 2]) / 2;
  // An autoscheduled kernel is checked against our (tested) default
  // schedule on the same inputs: max |diff| / max(1, max |ours|).
  double relDiff = -1;
  if (!autoScheduler.empty()) {
    BuiltKernel ours = buildKernel(c.desc, target, &knobs);
    ours.pipeline.compile_jit(target);
    for (size_t i = 0; i < ins.size(); ++i)
      ours.inputs[i].set(ins[i]);
    if (c.lengths > 0)
      ours.inputs[ins.size()].set(lens);
    Halide::Buffer<float> want(oh);
    ours.pipeline.realize(want);
    double maxRef = 1, maxDiff = 0;
    for (int64_t i = 0; i < want.number_of_elements(); ++i) {
      maxRef = std::max(maxRef, static_cast<double>(std::abs(want.data()[i])));
      double d = std::abs(static_cast<double>(out.data()[i]) - want.data()[i]);
      maxDiff = std::isnan(d) ? INFINITY : std::max(maxDiff, d);
    }
    relDiff = maxDiff / maxRef;
  }
  // The minimum too: on a shared machine the median drifts with the load.
  std::printf("%-46s %9.3f ms %8.1f GFLOP/s", c.name.c_str(), med * 1e3,
              c.flops / med * 1e-9);
  if (c.bytes > 0)
    std::printf(" %6.1f GB/s", c.bytes / med * 1e-9);
  std::printf("   (min %.3f ms, compile %.2f s", times[0] * 1e3, compileS);
  if (scheduleS >= 0)
    std::printf(", %s %.2f s, vs ours %.1e", autoScheduler.c_str(), scheduleS,
                relDiff);
  std::printf(")\n");
}

} // namespace

int main(int argc, char **argv) {
  std::string filter, asmDir, autoScheduler;
  Schedule knobs;
  Halide::Target target = Halide::get_host_target();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--asm=", 0) == 0) {
      asmDir = a.substr(6);
      continue;
    }
    if (a.rfind("--autoschedule=", 0) == 0) {
      autoScheduler = a.substr(15);
      continue;
    }
    if (a == "--profile") {
      target = target.with_feature(Halide::Target::Profile);
      continue;
    }
    // name=integer is a knob; anything else filters the cases by name.
    auto eq = a.find('=');
    bool isKnob = eq != std::string::npos && eq > 0 && eq + 1 < a.size() &&
                  a.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == eq &&
                  a.find_first_not_of("-0123456789", eq + 1) == std::string::npos;
    if (isKnob)
      knobs.knobs[a.substr(0, eq)] = std::stoll(a.substr(eq + 1));
    else
      filter = a;
  }
  const char *threads = std::getenv("HL_NUM_THREADS");
  std::printf("target %s, HL_NUM_THREADS=%s\n", target.to_string().c_str(),
              threads ? threads : "(unset: all cores)");
  // The autoschedulers' parallelism: HL_NUM_THREADS, 1 when unset.
  int asThreads = threads ? std::max(std::atoi(threads), 1) : 1;
  if (!autoScheduler.empty()) {
    if (!knobs.knobs.empty()) {
      std::fprintf(stderr, "knobs and --autoschedule do not mix\n");
      return 2;
    }
    std::printf("schedule: %s for %d threads (bare algorithm, naive=2)\n",
                autoScheduler.c_str(), asThreads);
  }
  std::vector<Case> cases;
  {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, -1, 384}), f32({1536, 384})};
    d.outputs = {f32({-1, -1, 1536})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    cases.push_back({"matmul [1,1500,384] x [1536,384]^T", d,
                     {{1, 1500, 384}, {1536, 384}}, {1, 1500, 1536},
                     2.0 * 1500 * 1536 * 384});
  }
  {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, -1, 64}), f32({1500, 64})};
    d.outputs = {f32({-1, -1, 1500})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    cases.push_back({"matmul [1,1500,64] x [1500,64]^T", d,
                     {{1, 1500, 64}, {1500, 64}}, {1, 1500, 1500},
                     2.0 * 1500 * 1500 * 64});
  }
  {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, -1, 64}), f32({64, -1})};
    d.outputs = {f32({-1, -1, -1})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 0}};
    cases.push_back({"matmul [1,1500,64] x [64,1500] (dynamic N)", d,
                     {{1, 1500, 64}, {64, 1500}}, {1, 1500, 1500},
                     2.0 * 1500 * 1500 * 64});
  }
  {
    KernelDesc d{KernelKind::Conv1D};
    d.inputs = {f32({-1, -1, 80}), f32({384, 80, 3}), f32({384})};
    d.outputs = {f32({-1, -1, 384})};
    d.ints = {{"stride", 1}, {"padding", 1}, {"dilation", 1}, {"groups", 1},
              {"has_bias", 1}};
    cases.push_back({"conv1d [1,3000,80] -> 384, k3 p1", d,
                     {{1, 3000, 80}, {384, 80, 3}, {384}}, {1, 3000, 384},
                     2.0 * 3000 * 384 * 80 * 3});
  }
  {
    KernelDesc d{KernelKind::ScoreDot};
    d.inputs = {f32({-1, 6, -1, 64}), f32({-1, 6, -1, 64})};
    d.outputs = {f32({-1, 6, -1, -1})};
    d.floats = {{"scale", 0.125}};
    cases.push_back({"score_dot [1,6,1500,64] x [1,6,1500,64]", d,
                     {{1, 6, 1500, 64}, {1, 6, 1500, 64}}, {1, 6, 1500, 1500},
                     2.0 * 6 * 1500 * 1500 * 64});
  }
  {
    KernelDesc d{KernelKind::WeightedSum};
    d.inputs = {f32({-1, 6, -1, -1}), f32({-1, 6, -1, 64})};
    d.outputs = {f32({-1, 6, -1, 64})};
    cases.push_back({"weighted_sum [1,6,1500,1500] x [1,6,1500,64]", d,
                     {{1, 6, 1500, 1500}, {1, 6, 1500, 64}}, {1, 6, 1500, 64},
                     2.0 * 6 * 1500 * 1500 * 64});
  }
  // Not GEMM-bound: reported in GFLOP/s of their main arithmetic anyway.
  {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, -1, 384}), f32({51865, 384})};
    d.outputs = {f32({-1, -1, 51865})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    const double wBytes = 4.0 * 51865 * 384;
    cases.push_back({"decode logits [5,1,384] x [51865,384]^T (T dyn)", d,
                     {{5, 1, 384}, {51865, 384}}, {5, 1, 51865},
                     2.0 * 5 * 51865 * 384, 0, wBytes});
    d.inputs[0].dims = {-1, 1, 384};
    d.outputs[0].dims = {-1, 1, 51865};
    cases.push_back({"decode logits [5,1,384] x [51865,384]^T (T=1)", d,
                     {{5, 1, 384}, {51865, 384}}, {5, 1, 51865},
                     2.0 * 5 * 51865 * 384, 0, wBytes});
    cases.push_back({"decode logits [1,1,384] x [51865,384]^T (T=1)", d,
                     {{1, 1, 384}, {51865, 384}}, {1, 1, 51865},
                     2.0 * 51865 * 384, 0, wBytes});
    // [B, K] states (M = B dynamic): the variant asrc calls for M <= 4.
    d.inputs[0].dims = {-1, 384};
    d.outputs[0].dims = {-1, 51865};
    d.ints["max_m"] = kMatmulGemvMaxM;
    cases.push_back({"decode logits [1,384] x [51865,384]^T (M dyn, max_m)", d,
                     {{1, 384}, {51865, 384}}, {1, 51865}, 2.0 * 51865 * 384, 0, wBytes});
  }
  // GEMV (a decoder step of one utterance): the weight streamed once; GB/s
  // counts the weight's bytes.
  auto gemv = [&](int64_t M, int64_t N, int64_t K, bool tr) {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({M, K}), tr ? f32({N, K}) : f32({K, N})};
    d.outputs = {f32({M, N})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", tr}};
    std::string name = "gemv [" + std::to_string(M) + "," + std::to_string(K) +
                       "] x [" + (tr ? std::to_string(N) + "," + std::to_string(K) + "]^T"
                                     : std::to_string(K) + "," + std::to_string(N) + "]");
    int m = static_cast<int>(M), n = static_cast<int>(N), k = static_cast<int>(K);
    cases.push_back({name, d, {{m, k}, tr ? std::vector<int>{n, k} : std::vector<int>{k, n}},
                     {m, n}, 2.0 * M * N * K, 0, 4.0 * N * K});
  };
  gemv(1, 51865, 384, true);
  gemv(1, 1536, 384, true);
  gemv(1, 384, 1536, true);
  gemv(1, 384, 384, true);
  gemv(4, 51865, 384, true);
  gemv(1, 1536, 384, false);
  { // A long K (the reduction looped), 80 MB: the weight read from memory.
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, 1, 1536}), f32({13000, 1536})};
    d.outputs = {f32({-1, 1, 13000})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    cases.push_back({"gemv [1,1,1536] x [13000,1536]^T (B dyn)", d,
                     {{1, 1, 1536}, {13000, 1536}}, {1, 1, 13000}, 2.0 * 13000 * 1536, 0,
                     4.0 * 13000 * 1536});
  }
  {
    KernelDesc d{KernelKind::Matmul};
    d.inputs = {f32({-1, 1, 384}), f32({384, 384})};
    d.outputs = {f32({-1, 1, 384})};
    d.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    cases.push_back({"decode proj [5,1,384] x [384,384]^T (T=1)", d,
                     {{5, 1, 384}, {384, 384}}, {5, 1, 384}, 2.0 * 5 * 384 * 384, 0,
                     4.0 * 384 * 384});
  }
  {
    KernelDesc d{KernelKind::Conv1D};
    d.inputs = {f32({-1, -1, 256}), f32({256, 1, 31}), f32({256})};
    d.outputs = {f32({-1, -1, 256})};
    d.ints = {{"stride", 1}, {"padding", 15}, {"dilation", 1}, {"groups", 256},
              {"has_bias", 1}};
    cases.push_back({"depthwise conv1d [1,1500,256] k31", d,
                     {{1, 1500, 256}, {256, 1, 31}, {256}}, {1, 1500, 256},
                     2.0 * 1500 * 256 * 31});
  }
  {
    KernelDesc d{KernelKind::Conv2D};
    d.inputs = {f32({-1, 144, -1, 39}), f32({144, 144, 3, 3}), f32({144})};
    d.outputs = {f32({-1, 144, -1, 19})};
    d.lists = {{"stride", {2, 2}}, {"padding", {0, 0}}, {"dilation", {1, 1}}};
    d.ints = {{"groups", 1}, {"has_bias", 1}};
    cases.push_back({"conv2d [1,144,749,39] -> 144 k3 s2", d,
                     {{1, 144, 749, 39}, {144, 144, 3, 3}, {144}}, {1, 144, 374, 19},
                     2.0 * 374 * 19 * 144 * 144 * 9});
  }
  {
    KernelDesc d{KernelKind::ScoreAdditive};
    d.inputs = {f32({-1, -1, 256}), f32({-1, -1, 256}), f32({256}), f32({256})};
    d.outputs = {f32({-1, -1, -1})};
    d.ints = {{"has_bias", 1}};
    // ~ 2 flops per (q, k, a) plus a tanh: counted as 2 like the notes' figure.
    cases.push_back({"score_additive Lq=1 Lk=500 A=256 (B=1)", d,
                     {{1, 1, 256}, {1, 500, 256}, {256}, {256}}, {1, 1, 500},
                     2.0 * 500 * 256});
    cases.push_back({"score_additive Lq=100 Lk=500 A=256 (B=1)", d,
                     {{1, 100, 256}, {1, 500, 256}, {256}, {256}}, {1, 100, 500},
                     2.0 * 100 * 500 * 256});
  }
  {
    KernelDesc d{KernelKind::LayerNorm};
    d.inputs = {f32({-1, -1, 384}), f32({384}), f32({384})};
    d.outputs = {f32({-1, -1, 384})};
    d.floats = {{"epsilon", 1e-5}};
    cases.push_back({"layer_norm [1,1500,384] (8 flop/elem)", d,
                     {{1, 1500, 384}, {384}, {384}}, {1, 1500, 384},
                     8.0 * 1500 * 384});
  }
  {
    KernelDesc d{KernelKind::Softmax};
    d.inputs = {f32({-1, 6, -1, -1})};
    d.outputs = {f32({-1, 6, -1, -1})};
    cases.push_back({"softmax [1,6,1500,1500] (5 flop/elem)", d,
                     {{1, 6, 1500, 1500}}, {1, 6, 1500, 1500}, 5.0 * 6 * 1500 * 1500});
  }
  {
    // As asrc emits sdpa (test/e2e/attention_spec.py): H, D static, key
    // lengths given; 4*H*Lq*T*D flops (the two GEMMs).
    auto attn = [&](const std::string &name, int64_t H, int64_t Lq, int64_t T,
                    bool staticLq, bool causal) {
      KernelDesc d{KernelKind::FusedAttention, "dot"};
      int64_t lq = staticLq ? Lq : -1;
      d.inputs = {f32({-1, H, lq, 64}), f32({-1, H, -1, 64}), f32({-1, H, -1, 64}),
                  {ElemType::I32, {-1}}};
      d.outputs = {f32({-1, H, lq, 64})};
      d.ints = {{"causal", causal}, {"has_lengths", 1}};
      d.floats = {{"scale", 0.125}};
      int h = static_cast<int>(H), q = static_cast<int>(Lq), t = static_cast<int>(T);
      cases.push_back({name, d, {{1, h, q, 64}, {1, h, t, 64}, {1, h, t, 64}},
                       {1, h, q, 64}, 4.0 * H * Lq * T * 64, t});
    };
    attn("attention H6 T1500 D64", 6, 1500, 1500, false, false);
    attn("attention H6 T1500 D64 causal", 6, 1500, 1500, false, true);
    attn("attention H6 T3000 D64", 6, 3000, 3000, false, false);
    attn("attention decode H6 T1500 Lq=1 (Lq dyn)", 6, 1, 1500, false, false);
    attn("attention decode H6 T1500 Lq=1 (Lq=1)", 6, 1, 1500, true, false);
    attn("attention decode H6 T1500 Lq=4 (Lq dyn)", 6, 4, 1500, false, false);
  }
  for (const Case &c : cases) {
    if (!filter.empty() && c.name.find(filter) == std::string::npos)
      continue;
    try {
      run(c, target, knobs, asmDir, autoScheduler, asThreads);
    } catch (const std::exception &e) {
      std::printf("%-46s %s\n", c.name.c_str(), e.what());
    }
  }
  return 0;
}
